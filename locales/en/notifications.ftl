### Desktop notifications of new mail (shown by the engine; never logged).

# By default only that a secure message came and from whom: a lock screen must not show
# health data. The subject only when the user chose it; a structured message's prefix never.
notice-new-message-title = New secure message
notice-new-message-for = New secure message for { $mailbox }
notice-new-message = From { $from }
notice-new-message-with-subject = From { $from }: { $subject }
notice-new-message-locked = Unlock Medimail to read it.
# The sender, as shown: name and address, or either.
notice-sender = { $name } ({ $address })
notice-open = Open
# `medimail notify test`.
notice-test-title = Medimail: test notification
notice-test = Medimail's notifications show on this computer.
# The daily digest, once a day at the chosen time.
notice-digest-title = Medimail: daily summary
notice-digest = { $count ->
    [0] No new secure message since the last summary.
    [one] You received one new secure message since the last summary.
   *[other] You received { $count } new secure messages since the last summary.
}

# The tray icon (the app keeps syncing with its window closed).
tray-title = Medimail Desktop
tray-unread = { $count ->
    [0] No unread message
    [one] 1 unread message
   *[other] { $count } unread messages
}
tray-open = Open
tray-quit = Quit
