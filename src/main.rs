//! The `pve-ha-wizard` binary: everything lives in the library; see `cli.rs`.

fn main() -> std::process::ExitCode {
    pve_ha_wizard::cli::main()
}
