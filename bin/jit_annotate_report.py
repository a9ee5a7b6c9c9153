"""Reports for bin/jit-annotate: per compiled method, per instruction and per Java source line.

All costs are per measured command (the counted run minus the skipped run, over 800,000 commands).
Columns: Ir instructions executed, D1mr/D1mw simulated L1 data read/write misses, Bmis mispredicts of
valgrind's simple predictor (conditional + indirect). A stack access `[rsp+..]` is a spill or fill
(C2 keeps no Java local on the stack otherwise); `vmovq` between a general register and xmm is C2
parking a value in a vector register instead of spilling it.
"""
import collections, os
from jit_annotate_lib import EVENTS, decode, short

IR, D1MR, D1MW, BCM, BIM = (EVENTS.index(e) for e in ('Ir', 'D1mr', 'D1mw', 'Bcm', 'Bim'))


def cols(v):
    # the two processes' noise leaves tiny negatives: print them as zero
    return '%8.2f %6.3f %6.3f %6.3f' % tuple(0.0 if abs(x) < 0.0005 else x
                                              for x in (v[IR], v[D1MR], v[D1MW], v[BCM] + v[BIM]))


COLS = '  Ir/cmd   D1mr   D1mw   Bmis'


def frame(f):
    return '%s:%d' % (short(f[0]), f[2])


def where(scope):
    """Innermost source line, and the inline path above it (callers' lines, outermost last)."""
    if scope is None:
        return '(epilogue/stub, after the last scope)', ''
    return frame(scope[1]), ' <- '.join(frame(f) for f in scope[2:])


def matches(key, pattern):
    return key.split(' ')[0] == pattern or key.split(' ')[0].endswith('.' + pattern)


def write_reports(joined, methods, outdir):
    os.makedirs(outdir, exist_ok=True)
    lines_by_side, global_by_side = {}, {}
    for side, run in joined.items():
        write_methods(run, os.path.join(outdir, 'methods.%s.txt' % side), side)
        # every compiled method that costs something, decoded once: the whole-program views below
        hot = {k: annotate(e) for k, e in run['nmethods'].items() if abs(e['total'][IR]) >= HOT}
        global_by_side[side] = roll_lines(hot)
        write_calls(hot, os.path.join(outdir, 'calls.%s.txt' % side), side)
        write_global(global_by_side[side], os.path.join(outdir, 'lines.%s.txt' % side), side)
        for pattern in methods:
            keys = sorted((k for k in run['nmethods'] if matches(k, pattern)),
                          key=lambda k: -run['nmethods'][k]['total'][IR])
            stem = os.path.join(outdir, '%s.%s' % (side, pattern.replace('::', '.')))
            for n, key in enumerate(keys[:2]):
                entry = run['nmethods'][key]
                if entry['total'][IR] < HOT:
                    continue
                suffix = '' if n == 0 else '.%d' % (n + 1)
                by_line = write_listing(entry, hot.get(key) or annotate(entry), key, stem + suffix + '.txt', side)
                write_lines(by_line, key, stem + suffix + '.lines.txt', side)
                if n == 0:
                    lines_by_side.setdefault(pattern, {})[side] = (key, by_line)
            write_everywhere(pattern, hot, stem + '.everywhere.txt', side)
    for pattern, sides in lines_by_side.items():
        if len(sides) == 2:
            write_compare(pattern, sides, os.path.join(outdir, '%s.%s.txt' % (
                pattern.replace('::', '.'), '-vs-'.join(sides))))
    if len(global_by_side) == 2:
        (a, la), (b, lb) = global_by_side.items()
        write_compare('all compiled code (methods over %.1f Ir a command)' % HOT,
                      {a: ('every hot nmethod', la), b: ('every hot nmethod', lb)},
                      os.path.join(outdir, 'lines.%s-vs-%s.txt' % (a, b)))
        write_compare('all compiled code (methods over %.1f Ir a command)' % HOT,
                      {a: ('every hot nmethod', la), b: ('every hot nmethod', lb)},
                      os.path.join(outdir, 'java-methods.%s-vs-%s.txt' % (a, b)), by_method=True)


HOT = 0.2  # Ir a command under which a compiled method is left out of the whole-program views


def annotate(entry):
    """The nmethod's instructions, each with its cost vector."""
    nm, cost = entry['nm'], entry['cost']
    zero = [0.0] * len(EVENTS)
    return [(ins, cost.get(ins.addr - nm.code_start, zero)) for ins in decode(nm)]


def add(acc, v):
    for i, x in enumerate(v):
        acc[i] += x


def roll_lines(hot):
    """Per (innermost source line, inline path), over the given annotated nmethods."""
    out = collections.defaultdict(lambda: [[0.0] * len(EVENTS), 0, 0.0])
    for key, instrs in hot.items():
        for ins, v in instrs:
            inner, up = where(ins.scope)
            acc = out[(inner, up + (' ' if up else '') + '[in ' + key.split(' [')[0] + ']')]
            add(acc[0], v)
            acc[1] += 1
            acc[2] += v[IR] if stack_kind(ins.text) == 'stack' else 0.0
    return out


def write_calls(hot, path, side):
    """Every call instruction that ran (a call C2 did not inline, or a runtime stub), over all hot code:
    each costs a frame, and C2 keeps no value in a register across a call (no callee-saved registers)."""
    rows = []
    for key, instrs in hot.items():
        for ins, v in instrs:
            if ins.text.startswith('call') and abs(v[IR]) >= 0.005:
                target = ins.scope[0] if ins.scope else '?'
                rows.append((v[IR], target, where(ins.scope)[0], key.split(' [')[0], '; '.join(ins.notes)))
    with open(path, 'w') as f:
        f.write('%s: calls executed per measured command (not inlined), over every compiled method over %.1f Ir\n'
                % (side, HOT))
        f.write('  calls  bytecode                          at line                        in nmethod ; relocation\n')
        for n, target, line, key, note in sorted(rows, key=lambda r: (-r[0], r[1])):
            f.write('%7.3f  %-33s %-30s %s ; %s\n' % (n, target[:33], line, key, note))


def write_global(by_line, path, side):
    """The whole program by Java method (wherever C2 inlined it) and by source line."""
    by_method = collections.defaultdict(lambda: [0.0] * len(EVENTS))
    for (inner, _), (v, _, _) in by_line.items():
        add(by_method[inner.rsplit(':', 1)[0]], v)
    with open(path, 'w') as f:
        f.write('%s: every compiled method over %.1f Ir a command, by the Java method each instruction came '
                'from (wherever C2 inlined it)\n%s  method\n' % (side, HOT, COLS))
        for m, v in sorted(by_method.items(), key=lambda r: -abs(r[1][IR])):
            if abs(v[IR]) >= 0.05:
                f.write('%s  %s\n' % (cols(v), m))
    write_lines(by_line, 'every compiled method over %.1f Ir a command' % HOT, path, side, mode='a')


def write_everywhere(pattern, hot, path, side):
    """Every executed instruction of PATTERN's own code: its body and wherever C2 inlined it."""
    name = pattern.split('::')
    found = collections.defaultdict(lambda: [[0.0] * len(EVENTS), 0, 0.0])
    for key, instrs in hot.items():
        for ins, v in instrs:
            frames = ins.scope[1:] if ins.scope else []
            if any(short(f[0]) == pattern for f in frames) or (
                    not frames and key.split(' ')[0] == pattern):
                inner, up = where(ins.scope)
                acc = found[(inner, up + (' ' if up else '') + '[in ' + key.split(' [')[0] + ']')]
                add(acc[0], v)
                acc[1] += 1
                acc[2] += v[IR] if stack_kind(ins.text) == 'stack' else 0.0
    if found:
        write_lines(found, '%s wherever it ran (%s)' % (pattern, name[-1]), path, side)


def write_methods(run, path, side):
    rows = [(e['total'], k + ('' if e['same_code'] else '  (code differs in the skipped run)'))
            for k, e in run['nmethods'].items()]
    rows += [(v, '[not C2 code] ' + k[:90]) for k, v in run['others'].items()]
    jit = [0.0] * len(EVENTS)
    for v, _ in rows:
        for i, x in enumerate(v):
            jit[i] += x
    with open(path, 'w') as f:
        f.write('%s: cost per measured command by compiled method (with what C2 inlined into it)\n' % side)
        f.write('%s   Dr/cmd Dw/cmd  Bc/cmd  method\n' % COLS)
        f.write('%s %6.1f %6.1f %7.1f  ALL (the whole process\'s difference)\n' % (
            cols(jit), jit[EVENTS.index('Dr')], jit[EVENTS.index('Dw')], jit[EVENTS.index('Bc')]))
        for v, k in sorted(rows, key=lambda r: -abs(r[0][IR])):
            if abs(v[IR]) >= 0.05:
                f.write('%s %6.1f %6.1f %7.1f  %s\n' % (cols(v), v[EVENTS.index('Dr')], v[EVENTS.index('Dw')],
                                                        v[EVENTS.index('Bc')], k))


def stack_kind(text):
    if '[rsp-' in text:
        return 'bang'  # the prologue's stack bang, not a spill
    if '[rsp' in text and not text.startswith(('call', 'push', 'pop', 'ret')):
        return 'stack'
    if text.startswith('vmovq') and 'xmm' in text and ('r' in text.split()[1][:1] or 'e' in text.split()[1][:1]):
        return 'xmm-park'
    return ''


def write_listing(entry, instrs, key, path, side):
    """Every instruction of the nmethod with its cost; a ';;' line where the scope changes."""
    nm = entry['nm']
    by_line = collections.defaultdict(lambda: [[0.0] * len(EVENTS), 0, 0.0])
    kinds = collections.Counter()
    calls = []
    body, last = [], object()
    for ins, v in instrs:
        inner, path_up = where(ins.scope)
        acc = by_line[(inner, path_up)]
        add(acc[0], v)
        acc[1] += 1
        kind = stack_kind(ins.text)
        kinds[kind] += v[IR]
        acc[2] += v[IR] if kind == 'stack' else 0.0
        if ins.text.startswith('call'):
            calls.append((v[IR], ins, ins.scope))
        if ins.scope is not last:
            last = ins.scope
            if ins.scope is None:
                body.append(';; (no scope: after the last pc descriptor)\n')
            else:
                body.append(';; %s  [%s]%s\n' % (inner, ins.scope[0], '  <- ' + path_up if path_up else ''))
        num = cols(v) if any(abs(x) >= 0.0005 for x in v) else ' ' * len(COLS)
        note = ('  ; ' + '; '.join(ins.notes)) if ins.notes else ''
        body.append('%5x %s  %-46s %-8s %s%s\n' % (ins.addr - nm.code_start, num, ins.text[:46], kind,
                                                   inner, note))
    t = entry['total']
    with open(path, 'w') as f:
        f.write('%s: %s, code at 0x%x in the counted process (an address = that + the offset)\n' % (
            side, key, nm.code_start))
        f.write('per measured command: Ir %.2f  D1mr %.3f  D1mw %.3f  Bmis %.3f  (Dr %.1f Dw %.1f Bc %.1f)\n' % (
            t[IR], t[D1MR], t[D1MW], t[BCM] + t[BIM], t[EVENTS.index('Dr')], t[EVENTS.index('Dw')],
            t[EVENTS.index('Bc')]))
        f.write('%d instructions in the code; Ir on stack loads/stores (spills) %.2f, on gpr<->xmm parking '
                '%.2f a command\n' % (len(instrs), kinds['stack'], kinds['xmm-park']))
        if not entry['same_code']:
            f.write('WARNING: the skipped run has no identical nmethod: costs are the counted run\'s minus nothing\n')
        if nm.ambiguous:
            f.write('%d scope(s) fell on a 4-byte group with more instruction ends than scopes: placed by '
                    'their bytecode (a branch, a call, a memory access), else on the last end\n' % nm.ambiguous)
        hot_calls = [c for c in calls if c[0] >= 0.005]
        if hot_calls:
            f.write('calls executed (not inlined, or runtime stubs), per command:\n')
            for n, ins, scope in sorted(hot_calls, key=lambda c: -c[0]):
                f.write('  %6.3f  %5x  %s  %s%s\n' % (n, ins.addr - nm.code_start, scope[0] if scope else '?',
                                                    where(scope)[0], ('  ; ' + '; '.join(ins.notes)) if ins.notes else ''))
        f.write('\noffset%s  instruction (Intel syntax)                     kind     source line  ; notes\n' % COLS)
        f.writelines(body)
    return by_line


def write_lines(by_line, key, path, side, mode='w'):
    """Per source line (and the inline path that reached it), costliest first, then rolled up by line.
    `spill` is the part of Ir that is stack loads/stores."""
    rolled = collections.defaultdict(lambda: [[0.0] * len(EVENTS), 0, 0.0])
    for (inner, up), (v, n, st) in by_line.items():
        acc = rolled[inner]
        add(acc[0], v)
        acc[1] += n
        acc[2] += st
    with open(path, mode) as f:
        f.write('\n%s: %s, cost per measured command by Java source line\n' % (side, key))
        f.write('\nby source line (all inline paths together)\n%s  spill  instrs  line\n' % COLS)
        for inner, (v, n, st) in sorted(rolled.items(), key=lambda r: (-r[1][0][IR], r[0])):
            if abs(v[IR]) >= 0.005:
                f.write('%s %6.2f  %6d  %s\n' % (cols(v), st, n, inner))
        f.write('\nby source line and inline path (the compiled method\'s own line last)\n%s  spill  instrs  '
                'line  <- callers\n' % COLS)
        for (inner, up), (v, n, st) in sorted(by_line.items(), key=lambda r: (-r[1][0][IR], r[0])):
            if abs(v[IR]) >= 0.005:
                f.write('%s %6.2f  %6d  %s%s\n' % (cols(v), st, n, inner, '  <- ' + up if up else ''))


def write_compare(pattern, sides, path, by_method=False):
    """The same compiled method in both sides, per source line (or Java method): where the difference is."""
    (a, (ka, la)), (b, (kb, lb)) = sides.items()
    def roll(by_line):
        out = collections.defaultdict(lambda: [0.0] * (len(EVENTS) + 1))  # + stack Ir last
        for (inner, _), (v, _, st) in by_line.items():
            acc = out[inner.rsplit(':', 1)[0] if by_method else inner]
            add(acc, v)
            acc[-1] += st
        return out
    ra, rb = roll(la), roll(lb)
    zero = [0.0] * (len(EVENTS) + 1)
    rows = []
    for line in set(ra) | set(rb):
        va, vb = ra.get(line, zero), rb.get(line, zero)
        rows.append((va[IR] - vb[IR], line, va, vb))
    ta, tb = [sum(v[IR] for v in r.values()) for r in (ra, rb)]
    with open(path, 'w') as f:
        f.write('%s: %s against %s, per measured command by Java %s\n' % (
            pattern, a, b, 'method (its code wherever C2 inlined it)' if by_method else 'source line'))
        f.write('%s: %s\n%s: %s\n' % (a, ka, b, kb))
        f.write('total Ir: %s %.2f, %s %.2f, difference %+.2f\n\n' % (a, ta, b, tb, ta - tb))
        f.write('%8s %8s %8s   %s D1m %s D1m  %s Bmis %s Bmis  %s spill %s spill  %s\n' % (
            'diff', a, b, a, b, a, b, a, b, 'method' if by_method else 'line'))
        for d, line, va, vb in sorted(rows, key=lambda r: (-round(abs(r[0]), 2), r[1])):
            if abs(d) >= 0.005 or abs(va[IR]) >= 0.05:
                f.write('%+8.2f %8.2f %8.2f   %6.3f %6.3f   %6.3f %6.3f   %6.2f %6.2f   %s\n' % (
                    d, va[IR], vb[IR], va[D1MR] + va[D1MW], vb[D1MR] + vb[D1MW], va[BCM] + va[BIM],
                    vb[BCM] + vb[BIM], va[-1], vb[-1], line))
