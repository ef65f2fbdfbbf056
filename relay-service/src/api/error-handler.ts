// The one express error handler: every failure becomes `{ error: { code, message, details[, existing_id] } }` with its status.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../logger.ts';
import { ApiError } from './api-error.ts';

/** Errors body-parser raises, mapped to the documented statuses. */
function fromBodyParser(error: { type?: string; limit?: number }): ApiError | null {
  switch (error.type) {
    case 'entity.parse.failed':
      return new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new ApiError(413, 'payload_too_large', `The request body is larger than ${error.limit} bytes.`);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(415, 'unsupported_media_type', 'The request body must be UTF-8 JSON.');
    default:
      return null;
  }
}

/** Express error middleware; unexpected errors are logged (without the request body) and answered with 500. */
export function errorHandler(logger: Logger) {
  return (error: unknown, request: Request, response: Response, _next: NextFunction): void => {
    const known = error instanceof ApiError ? error : fromBodyParser(error as { type?: string });
    const apiError = known ?? new ApiError(500, 'internal_error', 'The relay failed to process this request.');
    if (!known) logger.error({ err: error, method: request.method, path: request.path }, 'management API request failed');
    response.status(apiError.status).set(apiError.headers).json({
      error: { code: apiError.code, message: apiError.message, details: apiError.details, ...(apiError.existingId ? { existing_id: apiError.existingId } : {}) },
    });
  };
}
