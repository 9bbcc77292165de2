//! The man pages and shell completions, written from the clap definitions for the package
//! (`pve-ha-wizard generate-docs DIR`, a hidden subcommand that `scripts/build-deb` runs).

use std::path::Path;
use std::process::ExitCode;

use clap_complete::Shell;

use crate::i18n::{Language, Translator};

/// The shells that get a completion file, and the file's name in the directory it is installed in.
const SHELLS: [(Shell, &str); 3] = [
    (Shell::Bash, "pve-ha-wizard"),
    (Shell::Zsh, "_pve-ha-wizard"),
    (Shell::Fish, "pve-ha-wizard.fish"),
];

/// Writes `DIR/man/*.1` (the command and each subcommand) and `DIR/completions/*`.
pub fn generate(tr: &Translator, out_dir: &Path) -> ExitCode {
    match write_all(out_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let message = crate::msg!(
                "err-generate-docs",
                dir = out_dir.display().to_string(),
                detail = error.to_string()
            );
            eprintln!("{}", tr.tr(&message));
            ExitCode::FAILURE
        }
    }
}

fn write_all(out_dir: &Path) -> std::io::Result<()> {
    let man_dir = out_dir.join("man");
    let completions_dir = out_dir.join("completions");
    std::fs::create_dir_all(&man_dir)?;
    std::fs::create_dir_all(&completions_dir)?;
    clap_mangen::generate_to(public_command(), &man_dir)?;
    for (shell, file_name) in SHELLS {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut public_command(), "pve-ha-wizard", &mut script);
        std::fs::write(completions_dir.join(file_name), script)?;
    }
    Ok(())
}

/// The command line as people use it, in English (the language of man pages in section 1).
///
/// With no subcommand the program opens its desktop window, which the DESCRIPTION says.
///
/// Hidden subcommands are left out here: clap_mangen skips them, but clap_complete would offer them.
pub fn public_command() -> clap::Command {
    let tr = Translator::new(Language::En);
    let full = super::command(&tr);
    // The name and version the derive gives `Cli` (`#[command(name, version)]`); a test compares them.
    let mut public = clap::Command::new("pve-ha-wizard")
        .version(env!("CARGO_PKG_VERSION"))
        .args(
            full.get_arguments()
                .filter(|arg| !arg.is_hide_set())
                .cloned(),
        )
        .subcommands(
            full.get_subcommands()
                .filter(|sub| !sub.is_hide_set())
                .cloned(),
        );
    // A man page's NAME line is a short phrase (the package's synopsis); the translated about,
    // with the course it accompanies, is its DESCRIPTION.
    if let Some(about) = full.get_about() {
        public = public.long_about(format!("{about}\n\n{}", tr.text("cli-about-window")));
    }
    public.about(env!("CARGO_PKG_DESCRIPTION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_command_has_every_visible_subcommand_and_option_but_no_hidden_one() {
        let full = crate::cli::command(&Translator::new(Language::En));
        let public = public_command();
        let names = |command: &clap::Command, hidden: bool| -> Vec<String> {
            command
                .get_subcommands()
                .filter(|sub| hidden || !sub.is_hide_set())
                .map(|sub| sub.get_name().to_owned())
                .collect()
        };
        assert_eq!(names(&public, true), names(&full, false));
        assert!(
            !names(&public, true).contains(&"generate-docs".to_owned()),
            "the generator must not be offered to people"
        );
        let ids = |command: &clap::Command| -> Vec<String> {
            command
                .get_arguments()
                .filter(|arg| !arg.is_hide_set())
                .map(|arg| arg.get_id().to_string())
                .collect()
        };
        assert_eq!(ids(&public), ids(&full));
        assert!(
            public.get_arguments().all(|arg| arg.get_id() != "tour"),
            "the window's tour is for screenshots, not offered to people"
        );
        assert_eq!(public.get_name(), full.get_name());
        assert_eq!(public.get_version(), full.get_version());
        public.debug_assert();
    }

    #[test]
    fn writes_man_pages_and_completions_for_three_shells() {
        let dir = tempfile::tempdir().unwrap();
        write_all(dir.path()).unwrap();
        let man = std::fs::read_to_string(dir.path().join("man/pve-ha-wizard.1")).unwrap();
        assert!(man.contains(".TH pve-ha-wizard 1"), "{man}");
        assert!(man.contains("practice"), "subcommands listed: {man}");
        assert!(!man.contains("generate-docs"), "hidden subcommand in {man}");
        assert!(dir.path().join("man/pve-ha-wizard-lab.1").exists());
        for (_, file_name) in SHELLS {
            let script =
                std::fs::read_to_string(dir.path().join("completions").join(file_name)).unwrap();
            assert!(script.contains("watch"), "{file_name}: {script}");
            assert!(
                !script.contains("generate-docs"),
                "{file_name} offers the hidden generator"
            );
        }
    }
}
