### Written into the messages the user sends: the quoted original of a reply, the summary of
### a forwarded message, a read receipt. The engine writes them in French, the language of
### the people they go to; the signature's place is found again by the same sentences.

mail-attribution = Le { $date }, { $who } a écrit :
mail-attribution-undated = { $who } a écrit :
# "mer. 12 mars 2025 à 15:44"; the day and month names are chrono's French ones.
mail-attribution-date = { $day } à { $time }
mail-forward-title = -------- Message transféré --------
mail-forward-label = { $label } :
mail-forward-from = De
mail-forward-date = Date
mail-forward-to = À
mail-forward-cc = Cc
mail-forward-subject = Objet
mail-receipt-subject = Accusé de lecture : { $subject }
mail-receipt-message = Votre message
mail-receipt-about = « { $subject } »
mail-receipt-sent = envoyé le { $sent }
mail-receipt-reader = à { $reader } a été ouvert
mail-receipt-when = le { $opened }
mail-receipt-caveat = Cet accusé de lecture indique seulement que le message a été affiché ; il ne garantit pas qu'il a été lu ni compris.
