//! Dropping a parsed message without recursion.

use mail_parser::{Message, PartType};

/// mail-parser nests forwarded messages as values, so dropping the tree recurses once per
/// level: a few megabytes of `message/rfc822` headers overflow the stack, which aborts the
/// process (no panic to catch). Taking the levels apart one by one keeps the drop flat, on
/// the normal path and when unwinding alike. Every owner of a parsed message holds it in one.
pub(crate) struct FlatDrop<'x>(pub(crate) Option<Message<'x>>);

impl Drop for FlatDrop<'_> {
    fn drop(&mut self) {
        let mut pending: Vec<Message<'_>> = self.0.take().into_iter().collect();
        while let Some(mut message) = pending.pop() {
            for part in &mut message.parts {
                if let PartType::Message(inner) = std::mem::take(&mut part.body) {
                    pending.push(inner);
                }
            }
        }
    }
}
