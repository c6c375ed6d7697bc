// `ktail completion bash|zsh|fish` prints a script that completes flags, and asks
// `ktail __complete contexts|namespaces` for the values that depend on the user's clusters.
import type { Command } from 'commander';
import { UsageError } from '../shared/errors.js';

const DYNAMIC: Record<string, 'contexts' | 'namespaces'> = { '--context': 'contexts', '-n': 'namespaces', '--namespace': 'namespaces' };

function flags(cmd: Command): string[] {
  return cmd.options
    .filter((o) => !o.hidden)
    .flatMap((o) => [o.short, o.long])
    .filter((f): f is string => !!f);
}

const bash = (cmd: Command) => `# ktail completion for bash: source <(ktail completion bash)
_ktail() {
  local cur prev
  cur="\${COMP_WORDS[COMP_CWORD]}"; prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    --context) COMPREPLY=( $(compgen -W "$(ktail __complete contexts 2>/dev/null)" -- "$cur") ); return ;;
    -n|--namespace) COMPREPLY=( $(compgen -W "$(ktail __complete namespaces 2>/dev/null)" -- "$cur") ); return ;;
    -o|--output) COMPREPLY=( $(compgen -W "default raw json extjson ppextjson pretty" -- "$cur") ); return ;;
    --color) COMPREPLY=( $(compgen -W "auto always never" -- "$cur") ); return ;;
    --container-state) COMPREPLY=( $(compgen -W "all running waiting terminated" -- "$cur") ); return ;;
    --condition) COMPREPLY=( $(compgen -W "ready ready=false containersready initialized podscheduled disruptiontarget podreadytostartcontainers" -- "$cur") ); return ;;
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "${flags(cmd).join(' ')}" -- "$cur") ); fi
}
complete -F _ktail ktail
complete -F _ktail kubectl-ktail
`;

const zsh = (cmd: Command) => `# ktail completion for zsh: source <(ktail completion zsh)
autoload -U +X bashcompinit && bashcompinit
${bash(cmd).split('\n').slice(1).join('\n')}`;

const fish = (cmd: Command) =>
  [
    '# ktail completion for fish: ktail completion fish | source',
    ...cmd.options
      .filter((o) => !o.hidden)
      .map((o) => {
        const parts = ['complete -c ktail'];
        if (o.short) parts.push(`-s ${o.short.slice(1)}`);
        if (o.long) parts.push(`-l ${o.long.slice(2)}`);
        const dynamic = DYNAMIC[o.long ?? ''];
        if (dynamic) parts.push(`-x -a '(ktail __complete ${dynamic} 2>/dev/null)'`);
        else if (o.required || o.optional) parts.push('-r');
        parts.push(`-d ${JSON.stringify(o.description.split(' (')[0])}`);
        return parts.join(' ');
      }),
    '',
  ].join('\n');

const SHELLS: Record<string, (cmd: Command) => string> = { bash, zsh, fish };

export function completionScript(shell: string | undefined, cmd: Command): string {
  const make = SHELLS[shell ?? ''];
  if (!make) throw new UsageError(`completion: expected a shell, one of ${Object.keys(SHELLS).join(', ')}`);
  return make(cmd);
}
