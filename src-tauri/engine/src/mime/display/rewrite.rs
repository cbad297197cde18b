//! Every address the sanitiser keeps, rewritten (links to the app, `cid:` images to the
//! protocol) or dropped, and counted. Inline CSS is checked in `css.rs`.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use super::urls::{absolute, classify, percent_encode, UrlKind};

#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Counts {
    pub(super) remote_total: u32,
    pub(super) remote_blocked: u32,
    pub(super) inline_images: u32,
}

#[derive(Default)]
pub(super) struct Counters {
    pub(super) remote_total: AtomicU32,
    pub(super) remote_blocked: AtomicU32,
    pub(super) inline_images: AtomicU32,
}

impl Counters {
    pub(super) fn remote(&self, blocked: bool) {
        self.remote_total.fetch_add(1, Ordering::Relaxed);
        if blocked {
            self.remote_blocked.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Rewrites addresses as ammonia visits each attribute it kept.
pub(super) struct Rewrite {
    pub(super) base: String,
    pub(super) message_id: i64,
    pub(super) allow_remote: bool,
    pub(super) counters: Arc<Counters>,
}

impl Rewrite {
    pub(super) fn attribute<'u>(&self, element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
        match attribute {
            "href" if element == "a" => self.link(value),
            "href" => None,
            "src" => self.image(value),
            "background" => self.image(value),
            "srcset" => self.srcset(value),
            "style" => self.style(value).map(Cow::Owned),
            "cite" => None,
            _ => Some(Cow::Borrowed(value)),
        }
    }

    /// Every link becomes a request to the protocol: the app is told, asks the user, and
    /// the frame does not navigate. Only web and mail addresses survive.
    fn link<'u>(&self, value: &'u str) -> Option<Cow<'u, str>> {
        match classify(value) {
            // The link names its message (and the remote choice) because the protocol answers
            // it with the same document again: WebKitGTK blanks the frame on 204 No Content.
            UrlKind::Remote | UrlKind::Mail => Some(Cow::Owned(format!(
                "{}/message/{}/link?u={}{}",
                self.base,
                self.message_id,
                percent_encode(&absolute(value)),
                if self.allow_remote { "&remote=1" } else { "" }
            ))),
            _ => None,
        }
    }

    fn image<'u>(&self, value: &'u str) -> Option<Cow<'u, str>> {
        match classify(value) {
            UrlKind::Cid(id) => {
                self.counters.inline_images.fetch_add(1, Ordering::Relaxed);
                Some(Cow::Owned(self.cid_url(&id)))
            }
            UrlKind::DataImage => Some(Cow::Borrowed(value)),
            UrlKind::Remote => {
                self.counters.remote(!self.allow_remote);
                self.allow_remote.then(|| absolute(value))
            }
            UrlKind::Mail | UrlKind::Other => None,
        }
    }

    fn srcset<'u>(&self, value: &'u str) -> Option<Cow<'u, str>> {
        // Candidates are "url descriptor" pairs separated by commas; only remote ones are
        // worth keeping (and only when allowed): cid: in srcset is unheard of.
        let urls: Vec<&str> = value.split(',').filter_map(|c| c.split_whitespace().next()).collect();
        let all_remote = !urls.is_empty() && urls.iter().all(|u| classify(u) == UrlKind::Remote);
        if urls.iter().any(|u| classify(u) == UrlKind::Remote) {
            self.counters.remote(!self.allow_remote);
        }
        (self.allow_remote && all_remote).then_some(Cow::Borrowed(value))
    }

    pub(super) fn cid_url(&self, id: &str) -> String {
        format!("{}/message/{}/cid/{}", self.base, self.message_id, percent_encode(id))
    }
}
