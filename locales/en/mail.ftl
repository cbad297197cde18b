### Written into the messages the user sends: the quoted original of a reply, the summary of
### a forwarded message, a read receipt. The engine writes them in French, the language of
### the people they go to; the signature's place is found again by the same sentences.

mail-attribution = On { $date }, { $who } wrote:
mail-attribution-undated = { $who } wrote:
mail-attribution-date = { $day } at { $time }
mail-forward-title = -------- Forwarded message --------
mail-forward-label = { $label }:
mail-forward-from = From
mail-forward-date = Date
mail-forward-to = To
mail-forward-cc = Cc
mail-forward-subject = Subject
mail-receipt-subject = Read receipt: { $subject }
mail-receipt-message = Your message
mail-receipt-about = “{ $subject }”
mail-receipt-sent = sent on { $sent }
mail-receipt-reader = to { $reader } was opened
mail-receipt-when = on { $opened }
mail-receipt-caveat = This read receipt only says that the message was displayed; it does not guarantee that it was read or understood.
