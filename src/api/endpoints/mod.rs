//! One file per area of the API, each adding its methods to [`super::Client`].

pub mod access;
pub mod cluster;
pub mod ha;
pub mod nodes;
pub mod qemu;
pub mod replication;
pub mod storage;
