### The window: the message list (seed part 1 §3).

list-label = Message list
list-title-none = Messages
list-title-archived = Archived messages
list-title-search = Results for “{ $query }”
list-count = { $count ->
        [one] { $count } message
       *[other] { $count } messages
    }
list-count-results = { $count ->
        [one] { $count } result
       *[other] { $count } results
    }
list-count-unread = { $count } unread
list-sort-flag = Flag
list-sort-subject = Subject
list-sort-attachment = Attachment
list-sort-read = Read / unread
list-sort-date = Date
list-sort-from = Sender
list-sort-hint = Sort by { $column }
list-sort-ascending = { $column }, ascending
list-sort-descending = { $column }, descending
list-col-recipients = Recipients
list-col-openState = Opened
list-selectAll = Select all
list-row-select = Select the message “{ $subject }”
list-row-noSubject = (no subject)
list-row-unread = Unread
list-row-attachment = Attachment
list-row-to = To: { $names }
list-row-archived = archived
list-row-archived-hint = Archived message: no longer on the server, still readable on this computer
list-row-loading = Loading…
list-row-flag-red = Red flag
list-row-flag-orange = Orange flag
list-row-flag-yellow = Yellow flag
list-row-flag-green = Green flag
list-row-flag-blue = Blue flag
list-row-flag-plain = Flag
list-open-all_opened = Every recipient opened the message
list-open-some_opened = At least one recipient opened the message
list-open-none_opened = No recipient opened the message
list-open-no_information = Medimail has no information on whether your message was opened
list-loading = Loading messages…
list-searching = Searching…
list-noFolder = Choose a folder to see its messages.
list-empty-title = No messages in this folder
list-empty-body = New messages will appear here after a refresh.
list-empty-trash-title = No deleted messages
list-empty-trash-body = Deleted messages stay here for 90 days: you can restore them or delete them permanently.
list-empty-archived-title = No archived messages
list-empty-archived-body = Messages removed from the server after 90 days stay readable here, on this computer.
list-empty-search-title = No results
list-empty-search-body = No message matches “{ $query }”. Check the spelling or try the start of a word followed by * (e.g. radio*).
list-error-title = The messages cannot be shown
list-error-partial = Part of the list could not be loaded.
list-retry = Try again
list-actions-label = Actions on the selected messages
list-actions-selected = { $count ->
        [one] { $count } message selected
       *[other] { $count } messages selected
    }
list-actions-open = Open message
list-actions-clear = Clear selection
list-action-delete = Delete
list-action-delete-hint = Move to deleted messages (Del)
list-action-restore = Restore
list-action-restore-hint = Send back to the original folder
list-action-purge = Delete permanently
list-action-purge-hint = Erase from the server and from this computer
list-action-move = Move to…
list-action-move-hint = Move the messages to a folder
list-action-move-none = No other folder
list-action-read = Mark as read
list-action-unread = Mark as unread
list-action-flag = Flag
list-action-flag-hint = Choose the flag colour
list-action-download = Download
list-action-download-hint = Save on this computer (one message: .eml; several: one .mbox file)
list-action-print = Print
list-action-print-hint = Print the open message
list-action-more = More actions
list-flag-red = Red
list-flag-orange = Orange
list-flag-yellow = Yellow
list-flag-green = Green
list-flag-blue = Blue
list-flag-none = None
list-purge-title = Delete permanently?
list-purge-body = { $count ->
        [one] The message will be erased from the server and from this computer. This cannot be undone.
       *[other] The { $count } messages will be erased from the server and from this computer. This cannot be undone.
    }
list-purge-confirm = Delete permanently
list-cancel = Cancel
list-done-deleted = { $count ->
        [one] { $count } message deleted
       *[other] { $count } messages deleted
    }
list-done-restored = { $count ->
        [one] { $count } message restored
       *[other] { $count } messages restored
    }
list-done-purged = { $count ->
        [one] { $count } message permanently deleted
       *[other] { $count } messages permanently deleted
    }
list-done-moved = { $count ->
        [one] { $count } message moved to “{ $folder }”
       *[other] { $count } messages moved to “{ $folder }”
    }
list-done-read = { $count ->
        [one] { $count } message marked as read
       *[other] { $count } messages marked as read
    }
list-done-unread = { $count ->
        [one] { $count } message marked as unread
       *[other] { $count } messages marked as unread
    }
list-done-flagged = { $count ->
        [one] { $flag } on { $count } message
       *[other] { $flag } on { $count } messages
    }
list-done-unflagged = { $count ->
        [one] Flag removed from { $count } message
       *[other] Flag removed from { $count } messages
    }
list-done-downloaded = Saved: { $path }
