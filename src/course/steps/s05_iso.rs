//! Step 5: an installer image on the NAS (node > NAS > ISO Images > Upload, or Download from URL).
//!
//! PVE needs the image's SHA-256 before the file's first byte (pveproxy reads the checksum fields
//! only ahead of the file), and verifies it before it keeps the file. With the SHA-256 published
//! beside the image the file is read once: hashed as it is sent, so an image that is not the one
//! published fails the last chunk and the node keeps nothing. Without one, it is computed first,
//! from the moment the course knows it will upload (while connecting, or while this step checks),
//! and the reading as it is sent is checked against it, so a file changed meanwhile is not stored.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use crate::api::{DownloadUrl, Upload};
use crate::course::NodeSession;
use crate::course::plan::{IsoSource, PlanIso};
use crate::course::steps::{Step, follow_task, report};
use crate::course::{Check, Course, Event, Events, Finding, StepError, StepId};

/// Transfer events at most this often (the last one always goes out).
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Step 5.
pub struct Iso;

impl Iso {
    /// The image, and the ID of the storage it goes to.
    fn planned(course: &Course) -> Result<(PlanIso, String), StepError> {
        let plan = &course.plan;
        plan.iso
            .as_ref()
            .and_then(|iso| Some((iso.clone(), iso.storage_in(plan)?.to_owned())))
            .ok_or(StepError::OutOfOrder { needs: StepId::Iso })
    }

    /// The node that receives the upload: the plan's choice, else the first node.
    fn receiver<'c>(course: &'c Course, iso: &PlanIso) -> Result<&'c NodeSession, StepError> {
        match &iso.node {
            None => course.first_session(),
            Some(name) => course
                .connected()?
                .iter()
                .find(|s| &s.node_name == name)
                .ok_or_else(|| StepError::UnknownNode { name: name.clone() }),
        }
    }

    /// The size of the image on the storage, as the receiving node lists it.
    async fn stored_size(
        course: &Course,
        iso: &PlanIso,
        storage: &str,
    ) -> Result<Option<u64>, StepError> {
        let node = Self::receiver(course, iso)?;
        let volumes = node
            .client
            .storage_content(&node.node_name, storage, Some("iso"))
            .await
            .map_err(|e| StepError::api(node.label(), e))?;
        let volid = iso.volid(storage);
        Ok(volumes.iter().find(|v| v.volid == volid).map(|v| v.size))
    }

    /// Whether the image fits on its way: pveproxy keeps an upload in the receiving node's
    /// `/var/tmp`, on its root file system, until the `imgcopy` task has copied it to the
    /// storage and unlinked it (pve-storage `src/PVE/API2/Storage/Status.pm`, `upload`), so the
    /// root file system needs the image's size, twice when the storage is a directory on it
    /// (`local`: the same file system reports the same size and free space), and any other
    /// storage its size. The web UI finds out only when the upload fails.
    async fn room(
        course: &Course,
        iso: &PlanIso,
        storage: &str,
        size: u64,
    ) -> Result<Vec<Finding>, StepError> {
        let node = Self::receiver(course, iso)?;
        let api = |e| StepError::api(node.label(), e);
        let name = node.node_name.as_str();
        let root = node.client.node_status(name).await.map_err(api)?.rootfs;
        let target = node
            .client
            .storage_status(name, storage)
            .await
            .map_err(api)?;
        let (root_total, root_free) = (
            root.as_ref().and_then(|r| r.total),
            root.as_ref().and_then(|r| r.avail),
        );
        let on_root = target.kind == "dir"
            && root_total.is_some()
            && target.total == root_total
            && target.avail == root_free;
        let mut findings = Vec::new();
        let needed = if on_root {
            size.saturating_mul(2)
        } else {
            size
        };
        if let Some(free) = root_free.filter(|&free| free < needed) {
            findings.push(Finding::problem(
                crate::msg!(
                    "check-iso-no-room-tmp",
                    node = name,
                    size = crate::i18n::megabytes(needed),
                    free = crate::i18n::megabytes(free)
                ),
                crate::msg!("fix-iso-no-room-tmp", node = name),
            ));
        }
        if let Some(free) = target.avail.filter(|&free| !on_root && free < size) {
            findings.push(Finding::problem(
                crate::msg!(
                    "check-iso-no-room-storage",
                    storage = storage,
                    size = crate::i18n::megabytes(size),
                    free = crate::i18n::megabytes(free)
                ),
                crate::msg!("fix-iso-no-room-storage", storage = storage),
            ));
        }
        Ok(findings)
    }

    /// Whether every node sees the files of `storage` (its `shared` flag in storage.cfg).
    async fn shared(node: &NodeSession, storage: &str) -> Result<bool, StepError> {
        let storages = node
            .client
            .storages()
            .await
            .map_err(|e| StepError::api(node.label(), e))?;
        Ok(storages.iter().any(|s| s.storage == storage && s.shared))
    }

    /// The size the stored image must have: the local file's; `None` for a download.
    fn local_size(iso: &PlanIso) -> Result<Option<u64>, StepError> {
        match &iso.source {
            IsoSource::File { path: file, .. } => std::fs::metadata(file)
                .map(|m| Some(m.len()))
                .map_err(|_| unreadable(file)),
            IsoSource::Url { .. } => Ok(None),
        }
    }

    /// Streams the local image to the receiving node, with progress events; with the SHA-256
    /// `published` beside the image, or else the one computed.
    async fn upload(
        &self,
        course: &mut Course,
        iso: &PlanIso,
        storage: &str,
        file: &Path,
        published: Option<&str>,
    ) -> Result<(), StepError> {
        let size = std::fs::metadata(file)
            .map(|m| m.len())
            .map_err(|_| unreadable(file))?;
        let sha256 = match published {
            Some(sum) => {
                course.info(
                    self.id(),
                    crate::msg!("iso-checksum-published", file = file.display().to_string()),
                );
                sum.to_owned()
            }
            None => {
                course.info(
                    self.id(),
                    crate::msg!(
                        "iso-hashing",
                        file = file.display().to_string(),
                        size = size
                    ),
                );
                let started = course.iso_digest.take().filter(|d| d.serves(file));
                let digest = started.unwrap_or_else(|| Digest::start(file, &course.cancel));
                digest.finish().await?
            }
        };
        let receiver = Self::receiver(course, iso)?;
        let label = receiver.label();
        course.info(
            self.id(),
            crate::msg!(
                "iso-uploading",
                volid = iso.volid(storage),
                node = receiver.node_name.as_str(),
                storage = storage
            ),
        );
        let opened = tokio::fs::File::open(file)
            .await
            .map_err(|_| unreadable(file))?;
        let upload = Upload {
            node: receiver.node_name.clone(),
            storage: storage.to_owned(),
            content: "iso".to_owned(),
            filename: iso.filename.clone(),
            file: opened,
            size,
            sha256,
        };
        let meter = Meter::new(self.id(), size, course.events.clone());
        let upid = receiver
            .client
            .upload(upload, move |sent| meter.sent(sent), &course.cancel)
            .await
            .map_err(|e| match e {
                crate::api::Error::UploadMismatch { .. } => {
                    StepError::Input(crate::course::InputError::IsoMismatch {
                        file: file.display().to_string(),
                        published: published.is_some(),
                    })
                }
                e => StepError::api(&label, e),
            })?;
        follow_task(course, self.id(), receiver, &upid).await
    }

    /// Has the receiving node download the image itself, verifying the checksum when given.
    async fn download(
        &self,
        course: &Course,
        iso: &PlanIso,
        storage: &str,
        url: &str,
        sha256: Option<&str>,
    ) -> Result<(), StepError> {
        let receiver = Self::receiver(course, iso)?;
        course.info(
            self.id(),
            crate::msg!(
                "iso-downloading",
                url = url,
                volid = iso.volid(storage),
                node = receiver.node_name.as_str(),
                storage = storage
            ),
        );
        let download = DownloadUrl {
            url: url.to_owned(),
            filename: iso.filename.clone(),
            content: "iso".to_owned(),
            checksum: sha256.map(str::to_owned),
            checksum_algorithm: sha256.map(|_| "sha256".to_owned()),
        };
        let upid = receiver
            .client
            .download_url(&receiver.node_name, storage, &download)
            .await
            .map_err(|e| StepError::api(receiver.label(), e))?;
        follow_task(course, self.id(), receiver, &upid).await
    }
}

fn unreadable(file: &Path) -> StepError {
    StepError::Input(crate::course::InputError::IsoFile {
        file: file.display().to_string(),
    })
}

impl Step for Iso {
    fn id(&self) -> StepId {
        StepId::Iso
    }

    async fn check(&self, course: &mut Course) -> Result<Check, StepError> {
        // The hashing goes on while the nodes are asked; dropped unless the upload follows.
        prepare_digest(course);
        let check = self.check_nodes(course).await;
        if !matches!(check, Ok(Check::Ready)) {
            course.iso_digest = None;
        }
        check
    }

    async fn apply(&self, course: &mut Course) -> Result<(), StepError> {
        let (iso, storage) = Self::planned(course)?;
        match &iso.source {
            IsoSource::File { path, sha256 } => {
                self.upload(course, &iso, &storage, path, sha256.as_deref())
                    .await
            }
            IsoSource::Url { url, sha256 } => {
                self.download(course, &iso, &storage, url, sha256.as_deref())
                    .await
            }
        }
    }

    async fn verify(&self, course: &mut Course) -> Result<(), StepError> {
        let (iso, storage) = Self::planned(course)?;
        let expected = Self::local_size(&iso)?;
        let stored = Self::stored_size(course, &iso, &storage).await?;
        if stored.is_none() || expected.is_some_and(|size| stored != Some(size)) {
            return Err(StepError::NotVerified {
                node: Self::receiver(course, &iso)?.label(),
                what: crate::course::Unverified::Image {
                    volid: iso.volid(&storage),
                },
            });
        }
        let receiver = Self::receiver(course, &iso)?;
        let volid = iso.volid(&storage);
        // Where it went, truly: a node's own storage serves that node only.
        let message = if Self::shared(receiver, &storage).await? {
            crate::msg!("iso-stored", volid = volid, storage = storage.as_str())
        } else {
            crate::msg!(
                "iso-stored-local",
                volid = volid,
                storage = storage.as_str(),
                node = receiver.node_name.as_str()
            )
        };
        course.info(self.id(), message);
        Ok(())
    }
}

impl Iso {
    async fn check_nodes(&self, course: &mut Course) -> Result<Check, StepError> {
        let (iso, storage) = Self::planned(course)?;
        let size = Self::local_size(&iso)?;
        let stored = Self::stored_size(course, &iso, &storage).await?;
        if let (Some(size), false) = (size, stored == size) {
            let findings = Self::room(course, &iso, &storage, size).await?;
            report(course, self.id(), findings)?;
        }
        match (stored, size) {
            (None, _) => Ok(Check::Ready),
            // A download of that name is there: PVE would not fetch it again either.
            (Some(_), None) => Ok(Check::AlreadyDone),
            (Some(stored), Some(size)) if stored == size => Ok(Check::AlreadyDone),
            (Some(stored), Some(size)) => {
                report(
                    course,
                    self.id(),
                    vec![Finding::warning(
                        crate::msg!(
                            "check-iso-other-size",
                            volid = iso.volid(&storage),
                            stored = stored,
                            size = size
                        ),
                        crate::msg!("fix-iso-other-size"),
                    )],
                )?;
                Ok(Check::Ready)
            }
        }
    }
}

/// The SHA-256 of the image to upload, computed off the async threads from the moment the course
/// knows it will be needed, so that sending need not wait for a separate pass.
pub(crate) struct Digest {
    path: PathBuf,
    task: tokio::task::JoinHandle<std::io::Result<Option<String>>>,
    stop: tokio_util::sync::CancellationToken,
}

impl Digest {
    /// Starts hashing `path`; it stops with `cancel`, or when dropped.
    fn start(path: &Path, cancel: &tokio_util::sync::CancellationToken) -> Self {
        let stop = cancel.child_token();
        let path = path.to_owned();
        let (file, stopped) = (path.clone(), stop.clone());
        let task = tokio::task::spawn_blocking(move || -> std::io::Result<Option<String>> {
            use sha2::Digest as _;
            let mut file = std::fs::File::open(&file)?;
            let mut hasher = sha2::Sha256::new();
            let mut buffer = vec![0u8; 1 << 20];
            loop {
                if stopped.is_cancelled() {
                    return Ok(None);
                }
                let read = file.read(&mut buffer)?;
                let Some(chunk) = buffer.get(..read).filter(|c| !c.is_empty()) else {
                    break;
                };
                hasher.update(chunk);
            }
            Ok(Some(
                hasher
                    .finalize()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
            ))
        });
        Self { path, task, stop }
    }

    /// Whether it hashes `path` and still goes on (a course cancelled earlier stopped it).
    fn serves(&self, path: &Path) -> bool {
        self.path == path && !self.stop.is_cancelled()
    }

    /// The digest in lower-case hex.
    async fn finish(mut self) -> Result<String, StepError> {
        let result = (&mut self.task).await;
        match result {
            Ok(Ok(Some(digest))) => Ok(digest),
            Ok(Ok(None)) => Err(StepError::Cancelled),
            _ => Err(unreadable(&self.path)),
        }
    }
}

impl Drop for Digest {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// Starts hashing the plan's image when it will be uploaded with no published SHA-256 and no
/// hashing is under way yet.
pub(crate) fn prepare_digest(course: &mut Course) {
    if course.iso_digest.is_some() {
        return;
    }
    if let Some(IsoSource::File { path, sha256: None }) =
        course.plan.iso.as_ref().map(|iso| &iso.source)
    {
        course.iso_digest = Some(Digest::start(path, &course.cancel));
    }
}

/// Turns "bytes sent" into transfer events: rate, time left, and not too many of them.
struct Meter {
    step: StepId,
    total: u64,
    events: Events,
    started: Instant,
    state: Mutex<(Instant, u64)>,
}

impl Meter {
    fn new(step: StepId, total: u64, events: Events) -> Arc<Self> {
        let now = Instant::now();
        Arc::new(Self {
            step,
            total,
            events,
            started: now,
            state: Mutex::new((now - PROGRESS_EVERY, 0)),
        })
    }

    fn sent(&self, sent: u64) {
        let now = Instant::now();
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.1 = sent;
        if now.duration_since(state.0) < PROGRESS_EVERY && sent < self.total {
            return;
        }
        state.0 = now;
        drop(state);
        self.send(sent, now);
    }

    fn send(&self, sent: u64, now: Instant) {
        let elapsed = now.duration_since(self.started).as_secs_f64();
        let rate = if elapsed > 0.0 {
            (sent as f64 / elapsed) as u64
        } else {
            0
        };
        let seconds_left = (rate > 0).then(|| self.total.saturating_sub(sent).div_ceil(rate));
        self.events.send(Event::Transfer {
            step: self.step,
            progress: crate::course::Progress {
                sent,
                total: self.total,
                rate,
                seconds_left,
            },
        });
    }
}
