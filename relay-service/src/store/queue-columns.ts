// The queue_messages and dead_letters columns that make up QueuedMessage and DeadLetter values (the same names on SQLite and PostgreSQL).

/** The envelope as the relay accepted it: the columns both tables share. */
const envelopeColumns = 'id, virtual_server_id, sender, recipients, size, client_ip, authenticated_as, received_at';

/** The queue_messages columns of a QueuedMessage, for SELECT and RETURNING lists (lease columns stay internal). */
export const messageColumns = `${envelopeColumns},
  next_attempt_at, attempts, last_error, state, delay_notified, smtputf8, body, dead_letter_notice`;

/** The dead_letters columns of a DeadLetter, for SELECT lists (the data column stays out of listings). */
export const deadLetterColumns = `${envelopeColumns}, reason, reason_class, dead_at, expires_at`;
