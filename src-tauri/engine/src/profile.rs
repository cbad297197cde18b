//! The profile folder: where the store and settings of one installation live.

use std::path::{Path, PathBuf};

use super::{EngineError, Result};

#[derive(Debug, Clone)]
pub struct Profile {
    dir: PathBuf,
}

impl Profile {
    /// Opens (creating if needed) the profile at `dir`, or at the OS app-data folder.
    pub fn open(dir: Option<&Path>) -> Result<Self> {
        let dir = match dir {
            Some(dir) => dir.to_path_buf(),
            None => default_dir()?,
        };
        create_private_dir(&dir).map_err(|source| EngineError::Profile {
            path: dir.clone(),
            source,
        })?;
        // An absolute path, so what we report and store does not depend on the cwd.
        let dir = dir.canonicalize().map_err(|source| EngineError::Profile {
            path: dir.clone(),
            source,
        })?;
        // The revocation lists verified connections fetch are kept here, for offline use.
        crate::tls::revocation::keep_crls_in(&dir);
        Ok(Profile { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn default_dir() -> Result<PathBuf> {
    directories::ProjectDirs::from("fr", "Medimail", "Medimail Desktop")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| {
            EngineError::InvalidInput(
                "no home folder found; give the profile folder with --profile".into(),
            )
        })
}

/// The profile holds patient correspondence: only its owner may enter it.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_a_private_profile_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/profile");
        let profile = Profile::open(Some(&path)).unwrap();
        assert!(profile.dir().is_absolute());
        assert!(profile.dir().is_dir());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(profile.dir()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }

    #[test]
    fn a_file_in_the_way_is_an_io_error() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("file");
        std::fs::write(&path, b"x").unwrap();
        let err = Profile::open(Some(&path)).unwrap_err();
        assert_eq!(err.code(), super::super::ErrorCode::Io);
    }
}
