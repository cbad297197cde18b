//! Commands of the reading pane: attachments, links. (Filled in by the reading-pane work.)
