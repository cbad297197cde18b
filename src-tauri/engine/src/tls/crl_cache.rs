//! The certificate revocation lists kept in the profile, one file per distribution point
//! (`<profile>/crl/<sha-256 of the address>.crl`, the CRL's DER as fetched).
//!
//! A CRL is public data signed by its authority, so plain files are enough (nothing of the
//! user's is in them). What is kept is the last CRL that verified: while its distribution
//! point cannot be reached, it is still used (Référentiel #2 ECO.1.1.5–1.1.7).

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateRevocationListDer;
use sha2::{Digest, Sha256};

/// A CRL as kept: its DER and the two dates that say when it is due for renewal.
#[derive(Debug, Clone)]
pub struct KeptCrl {
    pub der: Vec<u8>,
    /// `thisUpdate`, seconds since the epoch: a CRL never replaces a newer one.
    pub this_update: i64,
    /// `nextUpdate`, when the authority promises the next one. Absent: renewed after a day.
    pub next_update: Option<i64>,
}

impl KeptCrl {
    /// Reads the dates of a CRL (DER, or PEM as some servers publish it). `None` for
    /// anything that is not a CRL.
    pub fn parse(bytes: &[u8]) -> Option<KeptCrl> {
        let der = if bytes.starts_with(b"-----BEGIN") {
            CertificateRevocationListDer::from_pem_slice(bytes).ok()?.to_vec()
        } else {
            bytes.to_vec()
        };
        let (rest, crl) = x509_parser::parse_x509_crl(&der).ok()?;
        if !rest.is_empty() {
            return None;
        }
        let this_update = crl.last_update().timestamp();
        let next_update = crl.next_update().map(|t| t.timestamp());
        Some(KeptCrl { der, this_update, next_update })
    }

    /// Whether the authority has published a newer one by now (or, without nextUpdate,
    /// whether this one is more than a day old).
    pub fn is_due(&self, now: SystemTime) -> bool {
        let now = seconds(now);
        match self.next_update {
            Some(next) => now >= next,
            None => now >= self.this_update + DEFAULT_LIFETIME.as_secs() as i64,
        }
    }
}

const DEFAULT_LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// A folder of files kept across runs, each named by the SHA-256 of what it is about and
/// written aside then renamed, so a reader never sees half of one: the CRLs here, the OCSP
/// answers (`ocsp.rs`).
#[derive(Debug, Clone)]
pub struct KeptFiles {
    dir: PathBuf,
    extension: &'static str,
}

impl KeptFiles {
    pub fn at(dir: PathBuf, extension: &'static str) -> KeptFiles {
        KeptFiles { dir, extension }
    }

    pub fn read(&self, about: &[u8]) -> Option<Vec<u8>> {
        std::fs::read(self.path(about)).ok()
    }

    pub fn write(&self, about: &[u8], bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path(about);
        let partial = path.with_extension("part");
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, &path)
    }

    pub fn path(&self, about: &[u8]) -> PathBuf {
        self.dir.join(format!("{}.{}", hex::encode(Sha256::digest(about)), self.extension))
    }
}

#[derive(Debug, Clone)]
pub struct CrlCache {
    files: KeptFiles,
}

impl CrlCache {
    pub fn at(dir: PathBuf) -> CrlCache {
        CrlCache { files: KeptFiles::at(dir, "crl") }
    }

    /// The CRL kept for this distribution point. A file that is not a CRL (damaged,
    /// truncated) counts as none.
    pub fn load(&self, url: &str) -> Option<KeptCrl> {
        KeptCrl::parse(&self.files.read(url.as_bytes())?)
    }

    /// Keeps `crl` for this distribution point unless the one kept is newer (a replayed
    /// old CRL must not bring back a revoked certificate). Returns the one now kept. The
    /// caller has verified its signature: only such CRLs come here.
    pub fn keep(&self, url: &str, crl: KeptCrl) -> std::io::Result<KeptCrl> {
        if let Some(kept) = self.load(url) {
            if kept.this_update > crl.this_update {
                return Ok(kept);
            }
        }
        self.files.write(url.as_bytes(), &crl.der)?;
        Ok(crl)
    }

    #[cfg(test)]
    fn path(&self, url: &str) -> PathBuf {
        self.files.path(url.as_bytes())
    }
}

fn seconds(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Two CRLs of one throwaway CA (tls/testdata/README.md says how they were made):
    // the older from 2020 (nextUpdate 2021), the newer from 2025 (nextUpdate 2099).
    const OLD: &[u8] = include_bytes!("testdata/old.crl");
    const NEW: &[u8] = include_bytes!("testdata/new.crl");
    const NEW_PEM: &[u8] = include_bytes!("testdata/new.crl.pem");

    fn at(year: i32) -> SystemTime {
        let days = (year - 1970) as u64 * 36525 / 100;
        UNIX_EPOCH + Duration::from_secs(days * 86400)
    }

    #[test]
    fn a_crl_is_due_once_past_its_next_update() {
        let old = KeptCrl::parse(OLD).unwrap();
        let new = KeptCrl::parse(NEW).unwrap();
        assert!(old.is_due(at(2026)));
        assert!(!old.is_due(at(2020) + Duration::from_secs(86400 * 30)));
        assert!(!new.is_due(at(2026)));
        assert!(new.this_update > old.this_update);
    }

    #[test]
    fn pem_and_der_read_alike_and_anything_else_is_no_crl() {
        let der = KeptCrl::parse(NEW).unwrap();
        let pem = KeptCrl::parse(NEW_PEM).unwrap();
        assert_eq!(der.der, pem.der);
        assert!(KeptCrl::parse(b"<html>not found</html>").is_none());
        assert!(KeptCrl::parse(&NEW[..NEW.len() - 10]).is_none());
    }

    #[test]
    fn the_kept_crl_survives_and_an_older_one_never_replaces_it() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = CrlCache::at(tmp.path().join("crl"));
        let url = "http://crl.example/ca.crl";
        assert!(cache.load(url).is_none());
        cache.keep(url, KeptCrl::parse(NEW).unwrap()).unwrap();
        // A new process (or the same one after a restart) finds it.
        let again = CrlCache::at(tmp.path().join("crl"));
        assert_eq!(again.load(url).unwrap().der, KeptCrl::parse(NEW).unwrap().der);
        let kept = again.keep(url, KeptCrl::parse(OLD).unwrap()).unwrap();
        assert_eq!(kept.der, KeptCrl::parse(NEW).unwrap().der, "an older CRL was kept over a newer one");
        assert_eq!(again.load(url).unwrap().der, kept.der);
        // Another distribution point has its own file.
        assert!(again.load("http://crl.example/other.crl").is_none());
    }

    #[test]
    fn a_damaged_file_counts_as_no_crl() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = CrlCache::at(tmp.path().to_path_buf());
        let url = "http://crl.example/ca.crl";
        cache.keep(url, KeptCrl::parse(NEW).unwrap()).unwrap();
        std::fs::write(cache.path(url), &NEW[..20]).unwrap();
        assert!(cache.load(url).is_none());
        // And a valid CRL can be kept again over it.
        cache.keep(url, KeptCrl::parse(OLD).unwrap()).unwrap();
        assert_eq!(cache.load(url).unwrap().this_update, KeptCrl::parse(OLD).unwrap().this_update);
    }
}
