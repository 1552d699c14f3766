// A worker that validates parts of a file for validate() (parts.js), in
// browsers: started by the package itself, never by its users. It imports
// nothing that awaits, so that its handler is set before the first message.
import init from './wasm/cognito_csv_validator.js';
import { servePart } from './parts.js';

servePart(
  {
    post: (message, transfer) => self.postMessage(message, transfer ?? []),
    listen: (onMessage) => (self.onmessage = ({ data }) => onMessage(data)),
  },
  (module) => init({ module_or_path: module }),
);
