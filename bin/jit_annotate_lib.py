"""Parsers and the join for bin/jit-annotate: HotSpot's PrintAssembly without hsdis, callgrind.

PrintAssembly without a disassembler library ("abstract disassembly") prints each nmethod's bytes in
4-byte groups and its comments at the group they fall in. Measured on JDK 25 (x86-64): a pc descriptor's
scope (method@bci, line) is printed at the group A with A < pc <= A+4, a relocation or an implicit null
check at the group holding its address. A descriptor's pc is the end of the last instruction of the run
it describes (C2 records non-safepoint scopes after emitting a node, a call's at its return address),
so an instruction belongs to the first descriptor at or after its end, as HotSpot's own pc lookups do.
"""
import bisect, collections, os, re, subprocess, tempfile

EVENTS = ['Ir', 'Dr', 'Dw', 'D1mr', 'D1mw', 'DLmr', 'DLmw', 'Bc', 'Bcm', 'Bi', 'Bim']
HEADER = re.compile(r'^Compiled method \((\w+)\)\s+\d+\s+(\d+)\s+(.*?)(\S+::\S+)(?: @ (\d+))? \((\d+) bytes\)')
RANGE = re.compile(r'^ (main code|stub code)\s+\[0x([0-9a-f]+),0x([0-9a-f]+)\]')
BYTES = re.compile(r'^\s+0x([0-9a-f]+): ([0-9a-f]{2}[0-9a-f |]*)$')
COMMENT = re.compile(r'^\s+0x([0-9a-f]+): (;.*)$')
MORE = re.compile(r'^\s+(;.*)$')
FRAME = re.compile(r'^; - (\S+)@(-?\d+) \(line (-?\d+)\)')


class NMethod:
    """One C2 nmethod as PrintAssembly showed it: name, code range, bytes and comment blocks."""

    def __init__(self, name, compile_id, osr_bci):
        self.name, self.compile_id, self.osr_bci = name, compile_id, osr_bci
        self.start = self.end = self.stub_end = None
        self.code = bytearray()
        self.code_start = None
        self.blocks = []  # (printed address, [comment lines])
        self.ambiguous = 0  # scopes placed by their bytecode (see _attach)

    def label(self):
        # a hidden class's name holds its address, which differs between processes
        name = re.sub(r'/0x[0-9a-f]+', '', short(self.name))
        return name + ('' if self.osr_bci is None else ' (OSR @%s)' % self.osr_bci)


def find_java():
    """The java of the JDK bin/find-java picks (beside this file)."""
    here = os.path.dirname(os.path.abspath(__file__))
    home = subprocess.run([os.path.join(here, 'find-java')], capture_output=True, text=True, check=True)
    return os.path.join(home.stdout.strip(), 'bin', 'java')


def short(name):
    """io.x.y.Class::method -> Class::method (names here are unique without their packages)."""
    cls, _, meth = name.partition('::')
    return cls.rsplit('.', 1)[-1] + '::' + meth


def parse_asm(path):
    """Every C2 nmethod printed by -XX:+PrintAssembly, in print order."""
    out, nm, in_code, block = [], None, False, None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('Compiled method'):
                m = HEADER.match(line)
                nm = None
                if m and m.group(1) == 'c2':
                    nm = NMethod(m.group(4), int(m.group(2)), m.group(5))
                    out.append(nm)
                in_code, block = False, None
                continue
            if nm is None:
                continue
            m = RANGE.match(line)
            if m:
                a, b = int(m.group(2), 16), int(m.group(3), 16)
                if m.group(1) == 'main code':
                    nm.start, nm.end = a, b
                else:
                    nm.stub_end = b
            elif line.startswith('[MachCode]'):
                in_code = True
            elif line.startswith('[/MachCode]'):
                in_code = False
            elif in_code:
                m = BYTES.match(line)
                if m:
                    addr = int(m.group(1), 16)
                    if nm.code_start is None:
                        nm.code_start = addr
                    if addr == nm.code_start + len(nm.code):
                        nm.code += bytes.fromhex(m.group(2).replace('|', '').replace(' ', ''))
                    block = None
                    continue
                m = COMMENT.match(line)
                if m:
                    block = (int(m.group(1), 16), [m.group(2).strip()])
                    nm.blocks.append(block)
                    continue
                m = MORE.match(line)
                if m and block is not None:
                    block[1].append(m.group(1).strip())
    return out


def parse_callgrind(path):
    """Self cost per instruction address (a call's inclusive line after `calls=` is skipped)."""
    costs = collections.defaultdict(lambda: [0] * len(EVENTS))
    index, skip = None, False
    with open(path) as f:
        for line in f:
            c = line[:1]
            if c == '0':
                if skip:
                    skip = False
                    continue
                p = line.split()
                v = costs[int(p[0], 16)]
                for i, x in enumerate(p[2:]):
                    j = index[i]
                    if j is not None:
                        v[j] += int(x)
            elif line.startswith('calls='):
                skip = True
            elif line.startswith('events:'):
                index = [EVENTS.index(e) if e in EVENTS else None for e in line.split()[1:]]
    return costs


def live(nmethods):
    """The nmethods whose code was not overwritten by a later one (the code cache reuses freed space;
    a later print at an overlapping range means the earlier nmethod was gone before it)."""
    alive = {}
    for nm in nmethods:
        if nm.start is None or nm.code_start is None:
            continue
        end = nm.stub_end or nm.end
        for s, other in list(alive.items()):
            if s < end and nm.start < (other.stub_end or other.end):
                del alive[s]
        alive[nm.start] = nm
    return [alive[s] for s in sorted(alive)]


def load_run(stem):
    """One process: its C2 nmethods with their cost per code offset, and the cost of everything else
    (interpreter, stubs, libjvm, libc: not C2 code)."""
    nms = live(parse_asm(stem + '.asm'))
    starts = [nm.start for nm in nms]
    costs = parse_callgrind(stem + '.callgrind')
    per_offset = collections.defaultdict(dict)
    rest = [0] * len(EVENTS)
    for addr, v in costs.items():
        i = bisect.bisect_right(starts, addr) - 1
        if i >= 0 and addr < (nms[i].stub_end or nms[i].end):
            per_offset[i][addr - starts[i]] = v
        else:
            for j, x in enumerate(v):
                rest[j] += x
    nmethods = {}
    for i, nm in enumerate(nms):
        key = '%s [%d bytes]' % (nm.label(), (nm.stub_end or nm.end) - nm.start)
        while key in nmethods:
            key += '+'
        nmethods[key] = (nm, per_offset.get(i, {}))
    return {'nmethods': nmethods, 'others': {'(not C2 code: interpreter, stubs, libjvm, libc)': rest}}


def _minus(a, b, n):
    return [(x - y) / n for x, y in zip(a, b or [0] * len(a))]


def subtract(counted, skipped, n):
    """The measured loops' cost per command: counted run minus skipped run, per (nmethod, offset)."""
    out = {'nmethods': {}, 'others': {}}
    for key, (nm, offs) in counted['nmethods'].items():
        other = skipped['nmethods'].get(key)
        same = other is not None and same_code(nm, other[0])
        base = other[1] if other is not None else {}
        cost = {o: _minus(v, base.get(o), n) for o, v in offs.items()}
        for o, v in base.items():
            if o not in offs:
                cost[o] = _minus([0] * len(EVENTS), v, n)
        out['nmethods'][key] = {'nm': nm, 'cost': cost, 'same_code': same, 'total': total(cost.values())}
    for key, (nm, offs) in skipped['nmethods'].items():
        if key not in counted['nmethods']:  # alive only in the skipped run: its whole cost, negated
            cost = {o: _minus([0] * len(EVENTS), v, n) for o, v in offs.items()}
            out['nmethods'][key] = {'nm': nm, 'cost': cost, 'same_code': False, 'total': total(cost.values())}
    for name in set(counted['others']) | set(skipped['others']):
        out['others'][name] = _minus(counted['others'].get(name, [0] * len(EVENTS)), skipped['others'].get(name), n)
    return out


def total(vectors):
    acc = [0.0] * len(EVENTS)
    for v in vectors:
        for i, x in enumerate(v):
            acc[i] += x
    return acc


def same_code(a, b):
    """Same compiled code in both processes: same length and the same scopes at the same offsets
    (the bytes themselves differ where they hold absolute addresses)."""
    if len(a.code) != len(b.code):
        return False
    da = [(blk[0] - a.code_start, blk[1]) for blk in a.blocks if blk[1][0].startswith(';*')]
    db = [(blk[0] - b.code_start, blk[1]) for blk in b.blocks if blk[1][0].startswith(';*')]
    return da == db


class Instr:
    """One decoded instruction: address, size, text, the scope chain it belongs to, relocation notes."""
    __slots__ = ('addr', 'size', 'text', 'scope', 'notes')

    def __init__(self, addr, size, text):
        self.addr, self.size, self.text, self.scope, self.notes = addr, size, text, None, []


def decode(nm):
    """The nmethod's instructions (objdump, Intel syntax), each with its scope chain and notes."""
    with tempfile.NamedTemporaryFile(suffix='.bin', delete=False) as f:
        f.write(nm.code)
        path = f.name
    try:
        text = subprocess.run(['objdump', '-D', '-b', 'binary', '-m', 'i386:x86-64', '-M', 'intel',
                               '--insn-width=16', '--adjust-vma=0x%x' % nm.code_start, path],
                              capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(path)
    instrs = []
    for line in text.split('\n'):
        p = line.split('\t')
        if len(p) >= 3 and p[0].strip().endswith(':'):
            instrs.append(Instr(int(p[0].strip()[:-1], 16), len(p[1].split()), ' '.join(p[2].split())))
    _attach(nm, instrs)
    return instrs


def _chains(lines):
    """A comment block's scope chains ([bytecode, (method, bci, line)...], youngest frame first) and
    its other notes (relocations, implicit null checks)."""
    chains, notes, cur = [], [], None
    for s in lines:
        m = FRAME.match(s)
        if s.startswith(';*'):
            cur = [s[2:].split(' {')[0]]
            chains.append(cur)
        elif m:
            if cur is None:
                cur = ['?']
                chains.append(cur)
            cur.append((m.group(1), int(m.group(2)), int(m.group(3))))
        else:
            cur = None
            if not s.startswith('; ImmutableOopMap'):
                notes.append(s.lstrip('; ').strip())
    return [c for c in chains if len(c) > 1], notes


def _attach(nm, instrs):
    ends = [i.addr + i.size for i in instrs]
    starts = [i.addr for i in instrs]
    descs = {}  # pc -> chain
    nm.ambiguous = 0
    for addr, lines in nm.blocks:
        chains, notes = _chains(lines)
        if chains:
            lo, hi = bisect.bisect_right(ends, addr), bisect.bisect_right(ends, addr + 4)
            cands = ends[lo:hi]
            if len(cands) > len(chains):
                nm.ambiguous += 1
                cands = _pick(chains, instrs[lo:hi], cands)
            for k, chain in enumerate(chains):
                if cands:
                    descs[cands[min(k, len(cands) - 1)]] = chain
        for note in notes:
            lo, hi = bisect.bisect_left(starts, addr), bisect.bisect_left(starts, addr + 4)
            group = instrs[lo:hi] or instrs[max(lo - 1, 0):lo]
            pick = [i for i in group if ('call' in note) == i.text.startswith('call')] or group
            if pick:
                pick[0].notes.append(note)
    pcs = sorted(descs)
    for i in instrs:
        k = bisect.bisect_left(pcs, i.addr + i.size)
        i.scope = descs[pcs[k]] if k < len(pcs) else None


def _pick(chains, cand_instrs, cands):
    """More instruction ends than scopes in a 4-byte group: prefer the instruction the bytecode implies."""
    want = chains[0][0].split()[0]
    def fits(i):
        t = i.text
        if want.startswith('if') or want == 'goto':
            return t.startswith('j')
        if want.startswith('invoke'):
            return t.startswith('call')
        if want.endswith('field') or want.endswith('aload') or want.endswith('astore') or want == 'arraylength':
            return '[' in t
        return False
    fit = [e for i, e in zip(cand_instrs, cands) if fits(i)]
    return (fit or cands)[-len(chains):]
