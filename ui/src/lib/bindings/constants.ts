// Generated from Rust (src-tauri/engine/src/constants.rs) by the tests. Do not edit.

/** Recipients of one message, all fields together. */
export const MAX_RECIPIENTS = 40;

/** Mon Espace Santé addresses: only "Nouveau message Patient" may write to them. */
export const PATIENT_DOMAIN = "patient.mssante.fr";

/** Bytes of a message to a patient (Mon Espace Santé). */
export const PATIENT_SIZE_LIMIT = 25000000;

/** The message list's least share of the room beside the reading pane. */
export const MIN_LIST_SHARE = 0.15;

/** The message list's largest share of the room beside the reading pane. */
export const MAX_LIST_SHARE = 0.85;

/** The delays (minutes without use) the window may lock after. */
export const LOCK_AFTER_CHOICES = [1, 5, 10, 15, 30, 60] as const;
