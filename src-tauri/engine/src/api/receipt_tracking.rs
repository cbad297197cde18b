//! Delivery and read receipts: timelines, the read-receipt policy, opening notices.

use super::*;

impl Engine {
    /// The timeline under a sent message (seed part 1 §3 A), with its opening state.
    pub fn timeline(&self, id: i64) -> Result<Timeline> {
        receipts::timeline(&self.store, id)
    }

    pub fn mdn_policy(&self) -> Result<MdnPolicy> {
        self.store()?.mdn_policy()
    }

    pub fn set_mdn_policy(&self, policy: MdnPolicy) -> Result<()> {
        self.store()?.set_mdn_policy(policy)
    }

    pub fn open_notifications(&self) -> Result<bool> {
        self.store()?.open_notifications()
    }

    pub fn set_open_notifications(&self, enabled: bool) -> Result<()> {
        self.store()?.set_open_notifications(enabled)
    }

    /// The user opened a message: it is marked read and, if it asks for a read receipt,
    /// the policy decides. `AskUser` means the window asks, then calls
    /// [`Engine::send_read_receipt`].
    pub async fn message_opened(&self, id: i64) -> Result<MdnDecision> {
        self.mark_read(&[id], true)?;
        self.receipt_sender().after_opening(id).await
    }

    /// Opening a message with the user's yes given in advance (the command line's
    /// `open --send-receipt`): it is marked read and the receipt goes, the rules allowing.
    pub async fn open_sending_receipt(&self, id: i64) -> Result<MdnDecision> {
        self.mark_read(&[id], true)?;
        self.send_read_receipt(id).await
    }

    /// The user said yes to a read receipt (policy "ask"). Still never twice.
    pub async fn send_read_receipt(&self, id: i64) -> Result<MdnDecision> {
        self.receipt_sender().on_request(id).await
    }

    /// Openings of our messages reported since the last call, as desktop notices when the
    /// user enabled them (seed part 2 §5 B). Each opening is considered once.
    pub fn new_openings(&self) -> Result<Vec<OpeningNotice>> {
        receipts::new_openings(&self.store)
    }

    /// [`Engine::new_openings`], shown as desktop notifications. Returns how many.
    pub fn notify_new_openings(&self, lang: Lang) -> Result<usize> {
        Ok(notify::show_openings(&self.new_openings()?, lang))
    }

    pub(super) fn receipt_sender(&self) -> receipts::Sender<'_, impl Fn(AccountRecord) -> Result<Connection> + '_> {
        receipts::Sender { store: &self.store, profile_dir: self.profile.dir(), connect: |account| self.connection(account) }
    }
}
