/**
 * A server-side document for rendering Observable Plot charts to SVG markup at build time.
 */
import { parseHTML } from 'linkedom';

export function serverDocument(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}
