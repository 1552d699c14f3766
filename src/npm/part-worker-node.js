// A worker that validates parts of a file for validate() (parts.js), in
// Node (worker_threads): started by the package itself, never by its users.
import { parentPort } from 'node:worker_threads';
import { initSync } from './wasm/cognito_csv_validator.js';
import { servePart } from './parts.js';

servePart(
  {
    post: (message, transfer) => parentPort.postMessage(message, transfer),
    listen: (onMessage) => parentPort.on('message', onMessage),
  },
  (module) => initSync({ module }),
);
