// Runs the --prompt picker on a terminal: keys from stdin in raw mode, the picker drawn on
// stderr (stdout carries log lines only) and redrawn in place after every key.
import type { Readable, Writable } from 'node:stream';
import { initialState, press, render, type SelectState } from './select.js';

export interface PromptTerminal {
  stdin: Readable & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  stderr: Writable;
}

/** Resolves to the picked option, or undefined when the user gave up. */
export function pick(term: PromptTerminal, question: string, options: string[]): Promise<string | undefined> {
  let state: SelectState = initialState(options);
  let drawn = 0;
  const draw = () => {
    const lines = render(state, question);
    term.stderr.write(`${drawn ? `\u001b[${drawn}A\r` : ''}\u001b[J${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  return new Promise((resolve) => {
    const finish = (answer: string | undefined) => {
      term.stdin.off('data', onData);
      term.stdin.setRawMode?.(false);
      term.stdin.pause();
      term.stderr.write(`\u001b[${drawn}A\r\u001b[J`);
      resolve(answer);
    };
    const onData = (chunk: Buffer) => {
      const result = press(state, chunk.toString('utf8'));
      if ('picked' in result) return finish(result.picked);
      if ('aborted' in result) return finish(undefined);
      state = result.state;
      draw();
    };
    term.stdin.setRawMode?.(true);
    term.stdin.on('data', onData);
    term.stdin.resume();
    draw();
  });
}
