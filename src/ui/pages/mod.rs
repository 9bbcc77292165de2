//! One page per step (and the first page), each drawn by a `Wizard` method `*_ui`.

mod connect;
mod create;
mod failover;
mod ha;
mod hostnames;
mod iso;
mod join;
mod replication;
mod start;
mod step;
mod storage;
mod vm;
