// Log text is untrusted. On a terminal, control characters in it (ESC and so CSI/OSC
// sequences, title changes, hyperlinks, carriage returns, C1 controls) are shown in caret
// notation instead of being obeyed, so a pod cannot rewrite the user's screen. Tab stays.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

function caret(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  if (code === 0x7f) return '^?';
  return `\\x${code.toString(16)}`;
}

export function neutralizeControls(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, caret) : text;
}
