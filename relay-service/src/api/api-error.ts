// The one error type of the management API; the error handler turns it into the documented error body.
import type { ValidationDetail } from '@relayform/schema/validation-detail.ts';

/** An error with its HTTP status, snake_case code, sentence and (for 422) one detail per problem. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ValidationDetail[] = [],
    readonly headers: Record<string, string> = {},
    /** 409 already_exists: the id of the object that is already there (a client may adopt it: terraform import). */
    readonly existingId?: string,
  ) {
    super(message);
  }

  static validation(details: ValidationDetail[]): ApiError {
    return new ApiError(422, 'validation_failed', 'The request body is not valid.', details);
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} does not exist.`);
  }

  static forbidden(message = 'These credentials may not do this.'): ApiError {
    return new ApiError(403, 'forbidden', message);
  }

  static conflict(message: string): ApiError {
    return new ApiError(409, 'conflict', message);
  }

  /** 409 for a create or change that would duplicate `existingId`; the detail points at the member that must be unique. */
  static alreadyExists(message: string, existingId: string, path: string): ApiError {
    return new ApiError(409, 'already_exists', message, [{ path, message: `is already taken by ${existingId}` }], {}, existingId);
  }

  static preconditionFailed(etag: string): ApiError {
    return new ApiError(412, 'precondition_failed', `The object changed since it was read (current ETag ${etag}).`);
  }

  static unauthenticated(message = 'Credentials are missing or wrong.'): ApiError {
    return new ApiError(401, 'unauthenticated', message, [], { 'WWW-Authenticate': 'Bearer realm="smtp-relay", Basic realm="smtp-relay"' });
  }
}
