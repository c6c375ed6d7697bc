// A printer writing into a string, for tests of what a user sees on stdout.
import { Writable } from 'node:stream';
import { printer, type PrinterOptions } from '../../src/output/printer.js';

export const PRINT_DEFAULTS: PrinterOptions = {
  format: 'default',
  color: 'never',
  diffContainer: false,
  timestamps: false,
  timezone: 'UTC',
  rawEscapes: false,
  highlight: [],
  include: [],
  exclude: [],
  where: [],
};

export function printTo(o: Partial<PrinterOptions>, layout = { showCluster: true, showNamespace: false }) {
  let text = '';
  const stdout = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const p = printer({ ...PRINT_DEFAULTS, ...o }, layout, stdout, {}, (m) => {
    throw new Error(m);
  });
  return {
    p,
    text: async () => {
      await p.flush();
      return text;
    },
  };
}
