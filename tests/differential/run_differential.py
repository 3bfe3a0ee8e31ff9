#!/usr/bin/env python3
"""Differential runs of the shared suite under wine64, three ways:

  native      diff_suite_native.exe, linked to the native esent.dll
  pt-native   diff_suite_passthrough.exe through the passthrough, forwarding to the
              native esent.dll (ESENT_PASSTHROUGH_TARGET), recording a trace
  pt-wine     the same through the passthrough, forwarding to Wine's own esent.dll
              (the passthrough's default: the system directory's), recording a trace

Prints, test by test, the outcome per target (pass, FAIL, skip, -) and, where the
two passthrough runs differ, the first call at which their traces diverge; then
"Wine esent.dll: N of M tests conformant". Writes each run's gtest JSON, its trace
and the trace cut per test (traces/<run>/<test>.jsonl) under --out.

With --replay-with, each test's pt-native trace is replayed on the host (in a
directory of its own), and every trace must replay as recorded, except those of
the tests in NOT_REPLAYABLE, whose traces cannot replay deterministically by
design (the table says why).

Exits 1 when native and pt-native disagree on some test (the passthrough must
add nothing) or when a replayable trace diverges in replay; what Wine's esent.dll
does is information. WINEPREFIX comes from the environment; WINEDEBUG is set to
-all. The traces write paths under the current directory and under
$ESENT_TESTDATA (the sample databases) as ${CWD}/${ESENT_TESTDATA}, which the
replayer maps onto its own (docs/differential-testing.md).
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import time


# Tests whose traces cannot replay call for call, by design, and why. A trace is
# replayed one call at a time in the order the calls started; a test that races
# threads on purpose lets the engine decide who wins, so its replay may differ.
NOT_REPLAYABLE = {
    "Sessions.StressManyThreadsOneInstanceTerminated": "racing threads",
    "Bank.TwoWriters": "racing threads (write conflicts depend on timing)",
    "Bank.EightWriters": "racing threads (write conflicts depend on timing)",
    "Bank.ThirtyTwoWriters": "racing threads (write conflicts depend on timing)",
    "EscrowLock.ThreadsEscrowWithoutConflicts": "racing threads",
    "Snapshot.WritesWaitForTheThaw": "a second thread's commit held by the freeze, and the files copied and restored behind the API's back",
    # column references hold the new database's signature, which is random
    "EnumRef.InvalidCombinations": "random database signature in its outputs",
    "EnumRef.RequestedColumnsAndMultipleValues": "random database signature in its outputs",
    "EnumRef.SeparatedValuesComeBackAsReferences": "random database signature in its outputs",
    # a Unicode index needs a collator: the Windows build under Wine has none (no icu.dll),
    # the host has ICU
    "CopyBuffer.SortVersionOfIndexesThisEngineMakes": "Unicode collation differs between Wine and the host",
    "SeekKey.FixedTextKeysArePaddedLikeTheRecord": "Unicode collation differs between Wine and the host",
    "TempTable.UnicodeMapFlagsZeroSortsCaseSensitively": "Unicode collation differs between Wine and the host",
    "UnicodeKeys.DisallowTruncationRefusesALongKey": "Unicode collation differs between Wine and the host",
    "UnicodeKeys.LongTextsShareTheirTruncatedKey": "Unicode collation differs between Wine and the host",
    "UnicodeKeys.PartialEndLimitBoundsAPrefix": "Unicode collation differs between Wine and the host",
    "UnicodeKeys.WildcardRanges": "Unicode collation differs between Wine and the host",
    # a callback, or a parameter that is a pointer passed as a number: the trace holds
    # neither the code nor what it points to
    "Callbacks.AFailingBeforeInsertStopsTheInsertAndLeavesItPrepared": "a callback",
    "Callbacks.InsertsFireBeforeAndAfterWithTheCursorAndTheCopyBuffer": "a callback",
    "Callbacks.ReplacesAndDeletes": "a callback",
    "SessionState.CursorLocalStorage": "a callback (JET_paramRuntimeCallback)",
    "SessionState.RollbackAndEndSessionHandCursorsValuesOver": "a callback (JET_paramRuntimeCallback)",
    "SessionState.TableLocalStorageIsShared": "a callback (JET_paramRuntimeCallback)",
    "MoreParams.PrintFunctionIsReadOnly": "a function's address in its outputs",
    "MoreParams.UnicodeIndexDefaultAppliesToNewIndexes": "a pointer as a parameter's number (JET_paramUnicodeIndexDefault)",
    # JetGetThreadStats counts what the thread did since it started, earlier tests included
    "ThreadStats.BufferSizes": "thread counters include the earlier tests' work",
    "ThreadStats.EachThreadCountsItsOwn": "thread counters include the earlier tests' work",
    "ThreadStats.ReadingFromAColdCacheCountsReadsAndMisses": "thread counters include the earlier tests' work",
    "ThreadStats.UpdatesCountDirtiedPagesAndLogRecords": "thread counters include the earlier tests' work",
    "Preread.FirstPageOnlyAndNoLongValues": "thread counters include the earlier tests' work",
    "Preread.KeysAreReadAhead": "thread counters include the earlier tests' work",
    "Preread.RangesAndTheirLongValuesAreReadAhead": "thread counters include the earlier tests' work",
    # the size on disk depends on the file system: Wine's makes no sparse files
    "DbShrink.ResizeDatabaseTrimsTheFreePages": "the size on disk depends on the file system",
    # the replayer makes the trace's folders first; these tests need one missing or a
    # file where the database goes
    "CreatePath.AFileInTheWayIsAnError": "needs a file made outside the API",
    "CreatePath.WithoutItNothingIsMade": "needs a folder the replayer makes to be missing",
    # the test copies a sample database outside the API and changes the copy
    "CopyBuffer.CompressedValuesOfAWindowsRecord": "works on a file copied outside the API",
}


def run(args, exe, out_json, env_extra, log):
    env = dict(os.environ)
    env["WINEDEBUG"] = "-all"
    env.update(env_extra)
    if os.path.exists(out_json):
        os.remove(out_json)
    t0 = time.monotonic()
    with open(log, "w") as lf:
        p = subprocess.run([args.wine, os.path.abspath(exe), "--gtest_output=json:" + os.path.basename(out_json)], env=env,
                           stdout=lf, stderr=subprocess.STDOUT, cwd=os.path.dirname(out_json),
                           timeout=args.timeout)
    return p.returncode, time.monotonic() - t0


def outcomes(path):
    """test name -> pass / FAIL / skip, from gtest's JSON; {} if it is missing."""
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    res = {}
    for suite in data.get("testsuites", []):
        for t in suite.get("testsuite", []):
            name = "%s.%s" % (suite["name"], t["name"])
            if t.get("status") == "NOTRUN" or t.get("result") == "SUPPRESSED":
                continue
            if t.get("result") == "SKIPPED":
                res[name] = "skip"
            elif t.get("failures"):
                res[name] = "FAIL"
            else:
                res[name] = "pass"
    return res


def cut_trace(path, outdir):
    """Splits a trace at its marks: test name -> list of call lines."""
    per = {}
    current = None
    header = None
    headers = {}
    if os.path.exists(outdir):
        shutil.rmtree(outdir)
    os.makedirs(outdir)
    try:
        f = open(path, encoding="utf-8")
    except OSError:
        return per
    with f:
        for line in f:
            if line.startswith('{"trace":'):
                header = line  # a process's roots: each cut keeps them
            elif line.startswith('{"mark":'):
                current = json.loads(line)["mark"]
                per.setdefault(current, [])
                headers[current] = header
            elif current is not None and line.strip():
                per[current].append(line)
    for name in per:
        per[name] = renumber(per[name])
        with open(os.path.join(outdir, re.sub(r"[^\w.-]", "_", name) + ".jsonl"), "w", encoding="utf-8") as f:
            if headers.get(name):
                f.write(headers[name])
            f.writelines(per[name])
    return per


SYMBOL = re.compile(r"^(instance|session|table|db|snapshot|handle|ls|buffer)#(\d+)$")


def renumber(lines):
    """A test's calls as a trace of their own: numbered from 1 in order of start, and
    symbols numbered per kind in order of first appearance (the same meaning: the
    replayer takes a symbol it has not seen handed out for a handle from before)."""
    calls = sorted((json.loads(x) for x in lines), key=lambda c: c["n"])
    names = {}

    def sym(v):
        if isinstance(v, str):
            m = SYMBOL.match(v)
            if m:
                if v not in names:
                    names[v] = "%s#%d" % (m.group(1), 1 + sum(1 for k in names if k.startswith(m.group(1) + "#")))
                return names[v]
        if isinstance(v, list):
            return [sym(x) for x in v]
        if isinstance(v, dict):  # a structure recorded by content: handles inside
            return {k: sym(x) for k, x in v.items()}
        return v

    out = []
    for i, c in enumerate(calls, 1):
        c["n"] = i
        if isinstance(c.get("in"), list):
            c["in"] = sym(c["in"])
        if isinstance(c.get("out"), dict):
            c["out"] = sym(c["out"])
        out.append(json.dumps(c, separators=(",", ":")) + "\n")
    return out


def comparable(line):
    """What two targets must agree on for one call (ordered by entry, threads kept)."""
    c = json.loads(line)
    return c["n"], (c["t"], c["fn"], json.dumps(c["in"]), json.dumps(c["out"], sort_keys=True), c["err"])


def first_divergence(a, b):
    ca = [v for _, v in sorted(comparable(x) for x in a)]
    cb = [v for _, v in sorted(comparable(x) for x in b)]
    for i in range(max(len(ca), len(cb))):
        x = ca[i] if i < len(ca) else None
        y = cb[i] if i < len(cb) else None
        if x != y:
            if x is None or y is None:
                have = x or y
                return "call %d %s: only in %s" % (i + 1, have[1], "pt-native" if x else "pt-wine")
            what = []
            if x[1] != y[1]:
                what.append("%s vs %s" % (x[1], y[1]))
            else:
                if x[4] != y[4]:
                    what.append("err %d vs %d" % (x[4], y[4]))
                if x[2] != y[2]:
                    what.append("arguments")
                if x[3] != y[3]:
                    what.append("outputs")
            return "call %d %s: %s" % (i + 1, x[1], ", ".join(what))
    return ""


# The roots the passthrough writes paths under: the sample databases, and the temporary
# folder where the tests make their scratch folders (Wine's TEMP).
ROOTS = "ESENT_TESTDATA TEMP"


def make_scratch_dirs(trace, temp):
    """The folders the test made under its temporary folder before naming them to ESENT
    (a trace holds ESENT's calls only): each folder a recorded ${TEMP} path names or lies
    in, made under temp."""
    with open(trace, encoding="utf-8") as f:
        for m in re.finditer(r'"\$\{TEMP\}((?:[^"\\]|\\.)*)"', f.read()):
            rest = json.loads('"' + m.group(1) + '"').replace("\\", "/").lstrip("/")
            folder = rest if rest.endswith("/") else os.path.dirname(rest)  # a folder, or a file's
            if folder.strip("/") and ".." not in folder.split("/"):
                os.makedirs(os.path.join(temp, folder), exist_ok=True)


def replay_all(args, tests):
    """test -> (outcome, message) for each pt-native trace replayed on the host, in a
    fresh directory per test: same, div@N (a divergence at call N), n/a (the trace
    does not hold an argument), error; the tests of NOT_REPLAYABLE are not replayed."""
    res = {}
    tdir = os.path.join(args.out, "traces", "pt-native")
    work = os.path.join(args.out, "replay")
    if os.path.exists(work):
        shutil.rmtree(work)

    def replay(path, cwd):
        temp = os.path.join(cwd, "temp")
        os.makedirs(temp)
        make_scratch_dirs(path, temp)
        try:
            p = subprocess.run([args.replay_with, "-q", os.path.abspath(path)], cwd=cwd, capture_output=True,
                               text=True, timeout=args.timeout, env=dict(os.environ, TEMP=temp))
        except subprocess.TimeoutExpired:
            return ("error", "timeout")
        m = re.search(r"divergence at call (\d+)", p.stdout)
        return ({0: "same", 3: "n/a"}.get(p.returncode, "div@%s" % m.group(1) if m else "error"),
                (p.stdout + p.stderr).strip())

    jobs = {}
    # each trace replays in a folder of its own, so the replays run side by side
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for t in tests:
            file = re.sub(r"[^\w.-]", "_", t)
            path = os.path.join(tdir, file + ".jsonl")
            if not os.path.exists(path) or os.path.getsize(path) == 0:
                continue
            if t in NOT_REPLAYABLE:
                res[t] = ("not replayable: " + NOT_REPLAYABLE[t], "")
                continue
            jobs[t] = pool.submit(replay, path, os.path.join(work, file))
    for t, job in jobs.items():
        res[t] = job.result()
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wine", default="wine64")
    ap.add_argument("--native-exe", required=True)
    ap.add_argument("--passthrough-exe", required=True)
    ap.add_argument("--native-dll", required=True, help="the native esent.dll, as the passthrough's target")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--replay-with", metavar="ESEREPLAY",
                    help="a host esereplay: replay each test's pt-native trace with it (information)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    runs = [
        ("native", args.native_exe, {}),
        ("pt-native", args.passthrough_exe, {"ESENT_PASSTHROUGH_TARGET": os.path.abspath(args.native_dll),
                                             "ESENT_PASSTHROUGH_ROOTS": ROOTS}),
        ("pt-wine", args.passthrough_exe, {"ESENT_PASSTHROUGH_TARGET": "",
                                           "ESENT_PASSTHROUGH_ROOTS": ROOTS}),
    ]
    results, traces, times = {}, {}, {}

    def one_run(name, exe, extra):
        # each run works in a folder of its own, so the three run side by side
        cwd = os.path.join(args.out, name)
        os.makedirs(cwd, exist_ok=True)
        out_json = os.path.join(cwd, name + ".json")
        trace = os.path.join(args.out, name + ".trace.jsonl")
        env = dict(extra)
        if name != "native":
            if os.path.exists(trace):
                os.remove(trace)
            env["ESENT_PASSTHROUGH_TRACE"] = trace
        try:
            rc, secs = run(args, exe, out_json, env, os.path.join(args.out, name + ".log"))
        except subprocess.TimeoutExpired:
            rc, secs = "timeout", args.timeout
        results[name] = outcomes(out_json)
        times[name] = (rc, secs)
        if name != "native":
            traces[name] = cut_trace(trace, os.path.join(args.out, "traces", name))

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(runs)) as pool:
        for job in [pool.submit(one_run, *r) for r in runs]:
            job.result()

    tests = sorted(set().union(*[set(r) for r in results.values()]))
    replays = replay_all(args, tests) if args.replay_with else {}
    width = max([len(t) for t in tests] + [4])
    rw = "replay" if replays else ""
    rwidth = max([len(v[0]) for v in replays.values()] + [len(rw)])
    head = "%-*s  %-7s %-9s %-7s  %-*s %s" % (width, "test", "native", "pt-native", "pt-wine", rwidth, rw,
                                            "first divergence (pt-native vs pt-wine)")
    print(head)
    print("-" * len(head))
    disagree = 0
    conformant = 0
    counted = 0
    for t in tests:
        o = [results[r].get(t, "-") for r, _, _ in runs]
        if o[0] != o[1]:
            disagree += 1
        if o[0] == "pass":  # what the native engine passes, Wine's esent.dll should too
            counted += 1
            conformant += o[2] == "pass"
        div = ""
        a = traces.get("pt-native", {}).get(t)
        b = traces.get("pt-wine", {}).get(t)
        if a is not None and b is not None:
            div = first_divergence(a, b)
        mark = "  <-- native and pt-native disagree" if o[0] != o[1] else ""
        print("%-*s  %-7s %-9s %-7s  %-*s %s%s" % (width, t, o[0], o[1], o[2], rwidth, replays.get(t, ("",))[0],
                                                 div, mark))
    print()
    for name, _, _ in runs:
        rc, secs = times[name]
        print("%-9s exit %s, %.1f s, %d tests" % (name, rc, secs, len(results[name])))
    print()
    print("native vs pt-native: %s" % ("agree on every test" if not disagree else "%d tests disagree" % disagree))
    print("Wine esent.dll: %d of %d tests conformant" % (conformant, counted))
    bad = []
    if replays:
        same = sum(1 for v in replays.values() if v[0] == "same")
        replayable = [t for t in replays if t not in NOT_REPLAYABLE]
        bad = sorted(t for t in replayable if replays[t][0] != "same")
        print("replay of the pt-native traces with %s: %d of %d as recorded%s"
              % (args.replay_with, same, len(replayable),
                 "; not replayable by design: %s" % ", ".join("%s (%s)" % (t, NOT_REPLAYABLE[t]) for t in sorted(replays)
                                                               if t in NOT_REPLAYABLE)
                 if len(replayable) < len(replays) else ""))
        for t in bad:
            print("replay of %s: %s" % (t, replays[t][1].splitlines()[-1] if replays[t][1] else replays[t][0]))
    if not tests or not results["native"] or not results["pt-native"]:
        print("no results: see the logs in %s" % args.out)
        return 1
    return 1 if disagree or bad else 0


if __name__ == "__main__":
    sys.exit(main())
