//! What people read about errors: each variant mapped to a translatable message that says what
//! is wrong and what to do. The faces (CLI, GUI) use these; lower layers only return data.

use crate::api;
use crate::course::{InputError, JoinInfoProblem, KnownNodesError, StepError};
use crate::i18n::{Message, megabytes};
use crate::msg;
use crate::secrets::KeychainError;

/// The message for a client error, naming the node it came from.
pub fn api_error(node: &str, error: &api::Error) -> Message {
    use api::Error as E;
    match error {
        E::InvalidAddress { host } => msg!("err-invalid-address", address = host.as_str()),
        E::Connect { detail, .. } => msg!("err-connect", node = node).with_details(detail.as_str()),
        E::Refused { .. } => msg!("err-refused", node = node),
        E::CertChanged { pinned, seen, .. } => {
            msg!(
                "err-cert-changed",
                node = node,
                pinned = pinned.to_string(),
                seen = seen.to_string()
            )
        }
        E::Timeout { method, path, .. } => {
            msg!("err-timeout", node = node).with_details(format!("{method} {path}"))
        }
        E::Transport { detail, .. } => {
            msg!("err-transport", node = node).with_details(detail.as_str())
        }
        E::Stalled { idle_secs, .. } => msg!("err-stalled", node = node, seconds = *idle_secs),
        E::LoginFailed { user, .. } => msg!("err-login-failed", node = node, user = user.as_str()),
        E::TotpRequired { user, .. } => msg!("err-totp", node = node, user = user.as_str()),
        E::SessionRejected { message, .. } => {
            msg!("err-session", node = node, message = message.as_str())
        }
        E::Forbidden { message, .. } => {
            msg!("err-forbidden", node = node, message = message.as_str())
        }
        E::Api {
            status, message, ..
        } if error.refusal() == Some(api::Refusal::NoQuorum) => {
            msg!(
                "err-no-quorum",
                node = node,
                status = *status,
                message = message.as_str()
            )
        }
        E::Api {
            status: 400,
            message,
            ..
        } => msg!("err-parameters", node = node, message = message.as_str()),
        E::Api {
            status, message, ..
        } => msg!(
            "err-api",
            node = node,
            status = *status,
            message = message.as_str()
        ),
        E::Decode { path, detail, .. } => msg!(
            "err-decode",
            node = node,
            path = path.as_str(),
            detail = detail.as_str()
        ),
        E::TaskFailed { message, .. } => match error.refusal() {
            Some(api::Refusal::NameUnresolved { name }) => {
                msg!("err-name-unresolved", node = node, name = name.as_str())
            }
            _ => msg!("err-task", node = node, message = message.as_str()),
        },
        E::TaskTimeout { waited_secs, .. } => {
            msg!("err-task-timeout", node = node, seconds = *waited_secs)
        }
        E::UploadMismatch { .. } => msg!("err-upload-mismatch", node = node),
        E::Cancelled => msg!("err-cancelled"),
    }
}

/// The message for bad input.
pub fn input_error(error: &InputError) -> Message {
    match error {
        InputError::ClusterName { name } => msg!("err-cluster-name", name = name.as_str()),
        InputError::Address { address } => msg!("err-invalid-address", address = address.as_str()),
        InputError::DuplicateAddress { address } => {
            msg!("err-duplicate-address", address = address.as_str())
        }
        InputError::Fingerprint { text } => msg!("err-fingerprint", text = text.as_str()),
        InputError::User { user } => msg!("err-user", user = user.as_str()),
        InputError::StorageId { id } => msg!("err-storage-id", id = id.as_str()),
        InputError::StorageExport { export } => {
            msg!("err-storage-export", export = export.as_str())
        }
        InputError::IsoFile { file } => msg!("err-iso-file", file = file.as_str()),
        InputError::IsoMismatch {
            file,
            published: true,
        } => msg!("err-iso-not-published", file = file.as_str()),
        InputError::IsoMismatch {
            file,
            published: false,
        } => msg!("err-iso-changed", file = file.as_str()),
        InputError::IsoWithoutStorage => msg!("err-iso-without-storage"),
        InputError::IsoUrl { url } => msg!("err-iso-url", url = url.as_str()),
        InputError::Checksum { checksum } => msg!("err-checksum", checksum = checksum.as_str()),
        InputError::IsoSource => msg!("err-iso-source"),
        InputError::VmName { name } => msg!("err-vm-name", name = name.as_str()),
        InputError::VmMemory { memory_mib } => msg!("err-vm-memory", memory = *memory_mib),
        InputError::VmDisk { disk_gib } => msg!("err-vm-disk", disk = *disk_gib),
        InputError::VmId { vmid } => msg!("err-vm-id", vmid = *vmid),
        InputError::VmWithoutStorage => msg!("err-vm-without-storage"),
        InputError::HaWithoutVm => msg!("err-ha-without-vm"),
        InputError::ReplicationWithoutVm => msg!("err-replication-without-vm"),
        InputError::ReplicationOnNas { storage } => {
            msg!("err-replication-on-nas", storage = storage.as_str())
        }
        InputError::ReplicationTarget { target } => {
            msg!("err-replication-target", target = target.as_str())
        }
        InputError::ReplicationSchedule { schedule, detail } => msg!(
            "err-replication-schedule",
            schedule = schedule.as_str(),
            detail = detail.as_str()
        ),
        InputError::HaNodeName { node } => msg!("err-ha-node-name", node = node.as_str()),
        InputError::IsoNodeName { node } => msg!("err-iso-node-name", node = node.as_str()),
        InputError::HaNodeTwice { node } => msg!("err-ha-node-twice", node = node.as_str()),
        InputError::HaLimits {
            max_restart,
            max_relocate,
        } => msg!(
            "err-ha-limits",
            max_restart = *max_restart,
            max_relocate = *max_relocate
        ),
        InputError::TooFewNodes { count } => msg!("err-too-few-nodes", count = *count),
        InputError::Plan { file, detail } => {
            msg!("err-plan", file = file.as_str(), detail = detail.as_str())
        }
        InputError::JoinInformation { reason } => join_info_problem(*reason),
    }
}

fn join_info_problem(problem: JoinInfoProblem) -> Message {
    match problem {
        JoinInfoProblem::Empty => msg!("err-joininfo-empty"),
        JoinInfoProblem::NotBase64 | JoinInfoProblem::NotJson => msg!("err-joininfo-garbage"),
        JoinInfoProblem::NoTotem => msg!("err-joininfo-no-totem"),
        JoinInfoProblem::BadAddress => msg!("err-joininfo-address"),
        JoinInfoProblem::BadFingerprint => msg!("err-joininfo-fingerprint"),
    }
}

/// The message for a failed step.
pub fn step_error(error: &StepError) -> Message {
    match error {
        StepError::Input(input) => input_error(input),
        StepError::Api { node, source } => api_error(node, source),
        StepError::Precondition { problems } => msg!("err-preconditions", count = problems.len()),
        StepError::MissingSecret { node, user } => msg!(
            "err-missing-password",
            node = node.as_str(),
            user = user.as_str()
        ),
        StepError::UnconfirmedCertificate { node, seen } => {
            msg!(
                "err-cert-unconfirmed",
                node = node.as_str(),
                seen = seen.to_string()
            )
        }
        StepError::NotVerified { node, what } => unverified(node, what),
        StepError::OutOfOrder { needs } => msg!("err-out-of-order", needs = needs.as_str()),
        StepError::KnownNodes(error) => known_nodes_error(error),
        StepError::UnknownNode { name } => msg!("err-unknown-node", name = name.as_str()),
        StepError::Cancelled => msg!("err-cancelled"),
    }
}

/// What did not show when read back: `err-not-verified` selects its words by `what`.
fn unverified(node: &str, what: &crate::course::Unverified) -> Message {
    use crate::course::Unverified as U;
    let message = msg!("err-not-verified", node = node);
    match what {
        U::NodeName => message.with("what", "node-name"),
        U::Certificate => message.with("what", "certificate"),
        U::Cluster { name } => message.with("what", "cluster").with("name", name),
        U::JoinInformation => message.with("what", "join-information"),
        U::Quorum => message.with("what", "quorum"),
        U::Membership => message.with("what", "membership"),
        U::StorageActive { storage } => message
            .with("what", "storage-active")
            .with("storage", storage),
        U::Image { volid } => message.with("what", "image").with("volid", volid),
        U::Vm { name } => message.with("what", "vm").with("name", name),
        U::VmRunning { vmid } => message.with("what", "vm-running").with("vmid", *vmid),
        U::HaPlacement { placement, sid } => message
            .with("what", "ha-placement")
            .with("placement", placement)
            .with("sid", sid),
        U::HaStarted { sid } => message.with("what", "ha-started").with("sid", sid),
        U::Replication { vmid, target } => message
            .with("what", "replication")
            .with("vmid", *vmid)
            .with("target", target),
        U::ReplicationFailed { job, error } => message
            .with("what", "replication-failed")
            .with("job", job)
            .with("error", error),
        U::ReplicationCopy { job } => message.with("what", "replication-copy").with("job", job),
    }
}

/// The message for a list of trusted nodes that cannot be read or written.
pub fn known_nodes_error(error: &KnownNodesError) -> Message {
    match error {
        KnownNodesError::Read { path, detail } => msg!(
            "err-known-nodes-read",
            path = path.as_str(),
            detail = detail.as_str()
        ),
        KnownNodesError::Write { path, detail } => msg!(
            "err-known-nodes-write",
            path = path.as_str(),
            detail = detail.as_str()
        ),
    }
}

/// Why the keychain cannot keep passwords, and what makes it usable.
pub fn keychain_error(error: &KeychainError) -> Message {
    match error {
        KeychainError::NoBus => msg!("keychain-no-bus"),
        KeychainError::NoService => msg!("keychain-no-service"),
        KeychainError::NoWallet { kwallet: true } => msg!("keychain-no-wallet-kwallet"),
        KeychainError::NoWallet { kwallet: false } => msg!("keychain-no-wallet"),
        KeychainError::Locked { kwallet: true } => msg!("keychain-locked-kwallet"),
        KeychainError::Locked { kwallet: false } => msg!("keychain-locked"),
        KeychainError::Failed(detail) => msg!("keychain-failed", detail = detail.as_str()),
    }
}

/// How far an upload has come: "42 % · 120.5 of 286.0 MB · 35.2 MB/s · 5 s left".
pub fn transfer(progress: &crate::course::Progress) -> Message {
    let percent = (progress.sent * 100)
        .checked_div(progress.total)
        .unwrap_or(100);
    msg!(
        "transfer-progress",
        percent = percent,
        sent = megabytes(progress.sent),
        total = megabytes(progress.total),
        rate = megabytes(progress.rate),
        seconds = progress
            .seconds_left
            .map_or_else(|| "?".to_owned(), |s| s.to_string())
    )
}

/// A node seen coming up or going away while watching.
pub fn node_changed(node: &str, online: bool) -> Message {
    if online {
        msg!("watch-node-up", node = node)
    } else {
        msg!("watch-node-down", node = node)
    }
}

/// An HA service's new state and node while watching.
pub fn service_changed(sid: &str, state: &str, node: &str) -> Message {
    msg!("watch-service", sid = sid, state = state, node = node)
}

/// A service lost with its node runs again on another one.
pub fn recovered(sid: &str, from: &str, to: &str, after: std::time::Duration) -> Message {
    msg!(
        "watch-recovered",
        sid = sid,
        from = from,
        to = to,
        seconds = after.as_secs()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{StepId, Unverified};
    use crate::i18n::{Language, Translator};

    /// The engine's typed errors come out whole in each language: no English fragment inside
    /// the Valencian or Spanish sentence, every placeable filled.
    #[test]
    fn typed_step_errors_read_in_each_language() {
        let quorum = StepError::NotVerified {
            node: "pve1".to_owned(),
            what: Unverified::Quorum,
        };
        let running = StepError::NotVerified {
            node: "pve2".to_owned(),
            what: Unverified::VmRunning { vmid: 100 },
        };
        let out_of_order = StepError::OutOfOrder { needs: StepId::Ha };
        let said = |language, error: &StepError| Translator::new(language).tr(&step_error(error));
        assert_eq!(
            said(Language::CaValencia, &quorum),
            "El canvi en pve1 no va aparéixer en tornar a llegir-lo: el quòrum amb tots els \
             membres. Mireu la interfície web del node i torneu a executar-lo."
        );
        assert!(said(Language::Es, &running).contains("la MV 100, en marcha."));
        assert!(said(Language::En, &running).contains("VM 100, running."));
        assert_eq!(
            said(Language::Es, &out_of_order),
            "El paso 7 (alta disponibilidad) debe hacerse antes."
        );
        for language in [Language::CaValencia, Language::Es, Language::En] {
            for error in [&quorum, &running, &out_of_order] {
                let text = said(language, error);
                assert!(!text.contains('{') && !text.contains("other"), "{text}");
            }
        }
    }
}
