### Read receipts and delivery reports: the timeline under a sent message, the opening notices.

timeline-sent = Message sent
timeline-delivered = Delivered to { $who }
timeline-relayed = Handed to the server of { $who }
timeline-expanded = Redistributed by { $who }
timeline-delayed = Delivery to { $who } delayed
timeline-delivery_failed = Delivery to { $who } failed
timeline-receipt_error = The mail program of { $who } could not confirm the opening
timeline-opened = { $who } opened the message
timeline-deleted = { $who } deleted the message without opening it
timeline-processed = Processed by the mail program of { $who } without being displayed
timeline-open_unknown = No information on whether { $who } opened the message
# A dated line as both doors write it: "12/03/2025 15:44: Message sent".
timeline-line = { $date }: { $text }
# The server's reason after a delivery problem, on the command line.
timeline-reason = { $text }: { $reason }

notice-opened-title = Message opened
notice-opened = { $who } opened your message.
notice-opened-by-all = { $who } opened your message. Every recipient has opened it.
