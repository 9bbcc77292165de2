//! One page per step (and the first page), each drawn by a `Wizard` method `*_ui`.

mod connect;
mod create;
mod hostnames;
mod join;
mod start;
mod step;
