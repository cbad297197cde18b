### Read receipts and delivery reports: the timeline under a sent message, the opening notices.

timeline-sent = Envoi du message
timeline-delivered = Message remis à { $who }
timeline-relayed = Message transmis au serveur de { $who }
timeline-expanded = Message redistribué par { $who }
timeline-delayed = Remise retardée pour { $who }
timeline-delivery_failed = Échec de la remise à { $who }
timeline-receipt_error = La messagerie de { $who } n'a pas pu confirmer l'ouverture
timeline-opened = { $who } a ouvert le message
timeline-deleted = { $who } a supprimé le message sans l'ouvrir
timeline-processed = Message traité par la messagerie de { $who } sans être affiché
timeline-open_unknown = Information sur l'ouverture du message non disponible pour { $who }
# A dated line as both doors write it: « 12/03/2025 15:44 : Envoi du message ».
timeline-line = { $date } : { $text }
# The server's reason after a delivery problem, on the command line.
timeline-reason = { $text } : { $reason }

notice-opened-title = Message ouvert
notice-opened = { $who } a ouvert votre message.
notice-opened-by-all = { $who } a ouvert votre message. Tous les destinataires l'ont ouvert.
