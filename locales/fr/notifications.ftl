### Desktop notifications of new mail (shown by the engine; never logged).

# By default only that a secure message came and from whom: a lock screen must not show
# health data. The subject only when the user chose it; a structured message's prefix never.
notice-new-message-title = Nouveau message sécurisé
notice-new-message-for = Nouveau message sécurisé pour { $mailbox }
notice-new-message = De { $from }
notice-new-message-with-subject = De { $from } : { $subject }
notice-new-message-locked = Déverrouillez Medimail pour le lire.
# The sender, as shown: name and address, or either.
notice-sender = { $name } ({ $address })
notice-open = Ouvrir
# `medimail notify test`.
notice-test-title = Medimail : notification d’essai
notice-test = Les notifications de Medimail s’affichent sur ce poste.
# The daily digest, once a day at the chosen time.
notice-digest-title = Medimail : point du jour
notice-digest = { $count ->
    [0] Aucun nouveau message sécurisé depuis le dernier point.
    [one] Vous avez reçu un nouveau message sécurisé depuis le dernier point.
   *[other] Vous avez reçu { $count } nouveaux messages sécurisés depuis le dernier point.
}

# The tray icon (the app keeps syncing with its window closed).
tray-title = Medimail Desktop
tray-unread = { $count ->
    [0] Aucun message non lu
    [one] 1 message non lu
   *[other] { $count } messages non lus
}
tray-open = Ouvrir
tray-quit = Quitter
