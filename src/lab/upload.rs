//! File uploads as pveproxy receives them: the multipart body streamed to a temporary file
//! (`/var/tmp/pveupload-…`), never whole in memory, then handed to the API as `tmpfilename`.
//!
//! pve-http-server (`file_upload_multipart`) reads the fields `content`, `checksum-algorithm` and
//! `checksum` only before the file, and the file only from a part named `filename`; the lab keeps
//! that order. The bytes are counted and, when a checksum algorithm was named, hashed as they
//! arrive, so the `imgcopy` task need not read the file again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::TryStreamExt as _;
use http_body_util::BodyStream;
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderMap};
use sha2::Digest as _;
use tokio::io::AsyncWriteExt as _;

use super::http::ApiError;

/// What arrived: where the lab keeps it, its size and, if asked for, its digest in lower-case hex.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    /// The node whose `/var/tmp` holds it.
    pub node: usize,
    /// An `imgcopy` task took it (it stays in `/var/tmp` until the task unlinks it).
    pub taken: bool,
    pub file: PathBuf,
    pub size: u64,
    pub digest: Option<String>,
}

/// Whether a request is a file upload (`POST /nodes/{node}/storage/{storage}/upload`).
pub(crate) fn is_upload(method: &str, path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    method == "POST" && matches!(segments.as_slice(), ["nodes", _, "storage", _, "upload"])
}

/// A hasher for one of the algorithms `checksum-algorithm` names.
pub(crate) enum Hasher {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha224(sha2::Sha224),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl Hasher {
    pub(crate) fn new(algorithm: &str) -> Option<Self> {
        Some(match algorithm {
            "md5" => Self::Md5(md5::Md5::new()),
            "sha1" => Self::Sha1(sha1::Sha1::new()),
            "sha224" => Self::Sha224(sha2::Sha224::new()),
            "sha256" => Self::Sha256(sha2::Sha256::new()),
            "sha384" => Self::Sha384(sha2::Sha384::new()),
            "sha512" => Self::Sha512(sha2::Sha512::new()),
            _ => return None,
        })
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            Self::Md5(h) => h.update(data),
            Self::Sha1(h) => h.update(data),
            Self::Sha224(h) => h.update(data),
            Self::Sha256(h) => h.update(data),
            Self::Sha384(h) => h.update(data),
            Self::Sha512(h) => h.update(data),
        }
    }

    pub(crate) fn hex(self) -> String {
        let bytes = match self {
            Self::Md5(h) => h.finalize().to_vec(),
            Self::Sha1(h) => h.finalize().to_vec(),
            Self::Sha224(h) => h.finalize().to_vec(),
            Self::Sha256(h) => h.finalize().to_vec(),
            Self::Sha384(h) => h.finalize().to_vec(),
            Self::Sha512(h) => h.finalize().to_vec(),
        };
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The digest of a file on the lab's disk, in lower-case hex.
pub(crate) async fn file_digest(algorithm: &str, file: &Path) -> std::io::Result<String> {
    use tokio::io::AsyncReadExt as _;
    let mut hasher = Hasher::new(algorithm)
        .ok_or_else(|| std::io::Error::other(format!("unknown algorithm '{algorithm}'")))?;
    let mut input = tokio::fs::File::open(file).await?;
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = input.read(&mut buffer).await?;
        match buffer.get(..read) {
            Some(chunk) if !chunk.is_empty() => hasher.update(chunk),
            _ => return Ok(hasher.hex()),
        }
    }
}

/// A temporary upload file, removed unless it is handed on.
struct TemporaryFile(Option<PathBuf>);

impl TemporaryFile {
    fn keep(mut self) -> PathBuf {
        self.0.take().unwrap_or_default()
    }
}

impl Drop for TemporaryFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Where node `node` spools an upload: the directory, and the bytes free on the file system
/// it is on.
pub(crate) struct Spool<'p> {
    pub dir: &'p Path,
    pub node: usize,
    pub room: u64,
}

/// Streams the multipart body into a new file in the spool; returns the form's parameters with
/// `tmpfilename` set (as `/var/tmp/pveupload-…`), and what arrived. An interrupted upload leaves
/// no file behind; one that does not fit fails as pveproxy's `syswrite` does (pve-http-server
/// `src/PVE/APIServer/AnyEvent.pm`, `file_upload_multipart`).
pub(crate) async fn receive(
    spool: Spool<'_>,
    query: Option<&str>,
    headers: &HeaderMap,
    body: Incoming,
) -> Result<(BTreeMap<String, String>, Received), ApiError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let boundary = multer::parse_boundary(content_type).map_err(|_| {
        ApiError::failed(format!(
            "upload 'Content-Type '{content_type}' not implemented"
        ))
    })?;
    let mut params: BTreeMap<String, String> = match query {
        Some(query) => serde_urlencoded::from_str::<Vec<(String, String)>>(query)
            .map_err(|_| ApiError::status(400, "unable to parse request parameters"))?
            .into_iter()
            .collect(),
        None => BTreeMap::new(),
    };
    if headers.get(hyper::header::CONTENT_LENGTH).is_none() {
        return Err(ApiError::failed(
            "upload without content length header not supported",
        ));
    }
    if params.contains_key("tmpfilename") {
        return Err(ApiError::failed(
            "'tmpfilename' query parameter is not allowed for file uploads",
        ));
    }

    let stream = BodyStream::new(body).try_filter_map(|frame| async move {
        Ok::<Option<Bytes>, hyper::Error>(frame.into_data().ok())
    });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let failed = |detail: String| ApiError::failed(format!("upload failed: {detail}"));
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|e| failed(e.to_string()))?
    {
        let name = field.name().unwrap_or_default().to_owned();
        let Some(file_name) = field.file_name().map(str::to_owned) else {
            // Only these fields count before the file; pveproxy ignores others.
            if matches!(name.as_str(), "content" | "checksum-algorithm" | "checksum") {
                let text = field.text().await.map_err(|e| failed(e.to_string()))?;
                params.insert(name, text.trim().to_owned());
            }
            continue;
        };
        if name != "filename" {
            return Err(ApiError::failed(format!(
                "wrong field name '{name}' for file upload, expected 'filename'"
            )));
        }
        params.insert("filename".to_owned(), file_name.trim().to_owned());
        let name = format!("pveupload-{:032x}", rand::random::<u128>());
        let path = spool.dir.join(&name);
        let temporary = TemporaryFile(Some(path.clone()));
        let mut file = tokio::fs::File::create_new(&path)
            .await
            .map_err(|e| failed(format!("unable to create temporary upload file - {e}")))?;
        let mut hasher = params
            .get("checksum-algorithm")
            .and_then(|algorithm| Hasher::new(algorithm));
        let mut size = 0u64;
        while let Some(chunk) = field.chunk().await.map_err(|e| failed(e.to_string()))? {
            if let Some(hasher) = hasher.as_mut() {
                hasher.update(&chunk);
            }
            size += chunk.len() as u64;
            if size > spool.room {
                return Err(ApiError::failed(
                    "write to temporary file failed - No space left on device",
                ));
            }
            file.write_all(&chunk)
                .await
                .map_err(|e| failed(format!("write to temporary file failed - {e}")))?;
        }
        file.flush()
            .await
            .map_err(|e| failed(format!("write to temporary file failed - {e}")))?;
        // Whatever follows the file is part of the upload in pveproxy's eyes; the lab ignores it.
        // The API sees the name pveproxy would give it.
        params.insert("tmpfilename".to_owned(), format!("/var/tmp/{name}"));
        return Ok((
            params,
            Received {
                node: spool.node,
                taken: false,
                file: temporary.keep(),
                size,
                digest: hasher.map(Hasher::hex),
            },
        ));
    }
    Err(failed("no file in the request".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_upload_path_is_an_upload() {
        assert!(is_upload("POST", "/nodes/pve1/storage/NAS/upload"));
        assert!(!is_upload("GET", "/nodes/pve1/storage/NAS/upload"));
        assert!(!is_upload("POST", "/nodes/pve1/storage/NAS/download-url"));
        assert!(!is_upload("POST", "/nodes/pve1/storage/NAS/upload/x"));
    }

    #[test]
    fn digests_are_lower_case_hex() {
        let mut hasher = Hasher::new("sha256").unwrap();
        hasher.update(b"abc");
        assert_eq!(
            hasher.hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut hasher = Hasher::new("md5").unwrap();
        hasher.update(b"abc");
        assert_eq!(hasher.hex(), "900150983cd24fb0d6963f7d28e17f72");
        assert!(Hasher::new("crc32").is_none());
    }
}
