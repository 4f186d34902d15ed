#!/usr/bin/env python3
"""Static checks of deploy/Containerfile, without a container engine (none runs on the build machine).

- every path the Containerfile COPYs from the build context exists in the repository, is not git-ignored (so a fresh
  clone has it too; a glob that may match nothing, such as `Package.resolve[d]`, is reported as optional) and is not
  excluded by deploy/Containerfile.dockerignore;
- every package an `apt-get install` names exists in Debian bookworm (`apt-cache show NAME`; this machine is
  Debian 12, whose apt lists are the ones the images see);
- the runtime stage installs a package, directly or as a dependency, for every non-Swift shared library
  `.build/release/camo` links (`ldd` mapped to packages with `dpkg -S`), and copies the Swift runtime from the build
  stage to the binary's RUNPATH; the same for ONNX Runtime's library when the Python onnxruntime package is installed
  here. Skipped with a message when the binary has not been built;
- the runtime stage sets the entrypoint, the exposed port, a non-root user, a healthcheck on /healthz, the
  environment (CAMO_MODELS, CAMO_CACHE_DIR, ORT_DYLIB_PATH to a file the stage copies, CAMO_HOME holding the
  registry), and the build and runtime bases are the Swift bookworm and debian bookworm-slim images.

Prints what it checked; exits 1 with the failures listed.
Usage: test_containerfile.py [CONTAINERFILE]   (default deploy/Containerfile; the build context is the repository root)
Environment: CAMO_BIN (default .build/release/camo).
"""
import fnmatch
import glob
import json
import os
import re
import shlex
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checklist import REPO, check, fail, finish, ok, shown  # noqa: E402

CONTAINERFILE = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(REPO, "deploy", "Containerfile")
IGNOREFILE = CONTAINERFILE + ".dockerignore"
CAMO = os.path.abspath(os.environ.get("CAMO_BIN", os.path.join(REPO, ".build/release/camo")))
ENTRYPOINT = ["camo", "serve", "--host", "0.0.0.0", "--port", "8080"]

# ---------------------------------------------------------------------------------------------------------------------
# Parsing


class Instruction:
    def __init__(self, keyword, text, line):
        self.keyword, self.text, self.line = keyword, text, line

    def __repr__(self):
        return f"line {self.line}: {self.keyword} {self.text}"


class Stage:
    def __init__(self, image, name, index):
        self.image, self.name, self.index = image, name, index
        self.instructions = []
        self.args = {}

    def label(self):
        return self.name or str(self.index)


def logical_lines(text):
    """(line number, instruction text) with comments dropped and backslash continuations joined."""
    pending, start = [], None
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if start is None:
            start = number
        if raw.rstrip().endswith("\\"):
            pending.append(raw.rstrip()[:-1])
            continue
        pending.append(raw)
        yield start, " ".join(part.strip() for part in pending)
        pending, start = [], None
    if pending:
        yield start, " ".join(part.strip() for part in pending)


def substitute(text, variables):
    """${NAME}, ${NAME:-default}, ${NAME:+alt} and $NAME as a Containerfile does, from ARG/ENV values."""
    def replace(match):
        name = match.group(1) or match.group(4)
        operator, word = match.group(2), match.group(3)
        value = variables.get(name)
        if operator == ":-":
            return value if value else word
        if operator == ":+":
            return word if value else ""
        return value if value is not None else ""
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)",
                  lambda m: replace(m) if m.group(1) or m.group(4) else m.group(0), text)


def parse_arg(text):
    """`ARG NAME=value` → (NAME, value or None)."""
    name, _, value = text.partition("=")
    return name.strip(), (value.strip().strip('"') if "=" in text else None)


def parse(path):
    with open(path) as handle:
        text = handle.read()
    global_args, stages = {}, []
    for line, instruction in logical_lines(text):
        keyword, _, rest = instruction.partition(" ")
        keyword, rest = keyword.upper(), rest.strip()
        if keyword == "ARG" and not stages:
            name, value = parse_arg(rest)
            global_args[name] = value
            continue
        if keyword == "FROM":
            words = rest.split()
            words = [w for w in words if not w.startswith("--")]
            image = substitute(words[0], global_args)
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append(Stage(image, name, len(stages)))
            continue
        stage = stages[-1]
        if keyword == "ARG":
            name, value = parse_arg(rest)
            stage.args[name] = value if value is not None else global_args.get(name)
        stage.instructions.append(Instruction(keyword, rest, line))
    return text, global_args, stages


def exec_form(text):
    """The words of a JSON-array (exec form) instruction, else None."""
    text = text.strip()
    if text.startswith("["):
        try:
            value = json.loads(text)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return value
        except json.JSONDecodeError:
            return None
    return None


def copy_parts(instruction, variables):
    """(flags, sources, destination) of a COPY or ADD."""
    words = exec_form(instruction.text) or shlex.split(instruction.text)
    flags = {}
    while words and words[0].startswith("--"):
        flag, _, value = words.pop(0)[2:].partition("=")
        flags[flag] = value
    words = [substitute(w, variables) for w in words]
    return flags, words[:-1], words[-1]


def env_pairs(text):
    words = shlex.split(text)
    if len(words) == 2 and "=" not in words[0]:
        return {words[0]: words[1]}
    return dict(word.split("=", 1) for word in words)


def apt_installs(instruction):
    """Packages named after `apt-get install` (or `apt install`) in a RUN, without their `=version`."""
    packages = []
    for command in re.split(r"&&|\|\||;|\|", instruction.text):
        words = command.split()
        for i, word in enumerate(words[:-1]):
            if word in ("apt-get", "apt") and words[i + 1] == "install":
                packages += [w.split("=")[0] for w in words[i + 2:] if not w.startswith("-")]
                break
    return packages


# ---------------------------------------------------------------------------------------------------------------------
# Build context


def ignore_patterns():
    if not os.path.exists(IGNOREFILE):
        return []
    with open(IGNOREFILE) as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def ignore_regex(pattern):
    """A .dockerignore pattern as a regular expression over slash-separated paths (Go's filepath.Match plus `**`)."""
    parts = []
    for segment in pattern.strip("/").split("/"):
        if segment == "**":
            parts.append(None)
            continue
        regex, i = "", 0
        while i < len(segment):
            c = segment[i]
            if c == "*":
                regex += "[^/]*"
            elif c == "?":
                regex += "[^/]"
            elif c == "[":
                end = segment.find("]", i)
                regex += segment[i:end + 1] if end > i else re.escape(c)
                i = end if end > i else i
            else:
                regex += re.escape(c)
            i += 1
        parts.append(regex)
    regex = ""
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part is None:
            regex += ".*" if last else "(?:.*/)?"
        else:
            regex += part + ("" if last else "/")
    return regex


def ignored_by(patterns, relative):
    """The .dockerignore pattern that excludes `relative` or one of its parent folders, if any (`!` re-includes)."""
    parts = relative.split("/")
    candidates = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    verdict = None
    for pattern in patterns:
        negate = pattern.startswith("!")
        regex = ignore_regex(pattern[1:] if negate else pattern)
        if any(re.fullmatch(regex, candidate) for candidate in candidates):
            verdict = None if negate else pattern
    return verdict


def git_ignored(relative):
    result = subprocess.run(["git", "-C", REPO, "check-ignore", "-q", "--no-index", relative])
    return result.returncode == 0


def check_context_sources(stages):
    print("COPY sources from the build context (the repository root):")
    patterns = ignore_patterns()
    for stage in stages:
        variables = dict(stage.args)
        for instruction in stage.instructions:
            if instruction.keyword not in ("COPY", "ADD"):
                continue
            flags, sources, destination = copy_parts(instruction, variables)
            if "from" in flags:
                continue
            matched_any = False
            optional = []
            for source in sources:
                relative = os.path.normpath(source).lstrip("/")
                is_glob = any(c in relative for c in "*?[")
                matches = sorted(glob.glob(os.path.join(REPO, relative))) if is_glob else \
                    ([os.path.join(REPO, relative)] if os.path.exists(os.path.join(REPO, relative)) else [])
                kept = [m for m in matches if not git_ignored(os.path.relpath(m, REPO))]
                if is_glob and not kept:
                    optional.append((source, matches))
                    continue
                if not check(bool(matches), f"[{stage.label()}] {source} exists", f"{instruction}: no such path"):
                    continue
                if not check(bool(kept), f"[{stage.label()}] {source} is not git-ignored",
                             f"{instruction}: a fresh clone would not have it"):
                    continue
                matched_any = True
                for match in kept:
                    relative_match = os.path.relpath(match, REPO)
                    pattern = ignored_by(patterns, relative_match)
                    check(pattern is None, f"[{stage.label()}] {relative_match} is in the build context",
                          f"excluded by '{pattern}' in {shown(IGNOREFILE)}")
            for source, matches in optional:
                if matched_any:
                    what = ", ".join(os.path.relpath(m, REPO) for m in matches) or "nothing"
                    ok(f"[{stage.label()}] {source} is an optional glob (matches {what} here, git-ignored or absent;"
                       f" the other sources of line {instruction.line} exist)")
                else:
                    fail(f"[{stage.label()}] {instruction}: every source is a glob that matches no tracked file")


# ---------------------------------------------------------------------------------------------------------------------
# Debian packages


def apt_exists(package):
    return subprocess.run(["apt-cache", "show", package], capture_output=True).returncode == 0


def dependency_closure(packages):
    """The packages apt installs for `packages` with --no-install-recommends: themselves and their (Pre-)Depends."""
    result = subprocess.run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests",
                             "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", *packages],
                            capture_output=True, text=True)
    closure = set(packages)
    for line in result.stdout.splitlines():
        if not line.startswith(" "):
            closure.add(line.strip().split(":")[0])
        else:
            match = re.match(r"\s*\|?(?:Pre)?Depends:\s*<?([^\s>:]+)", line)
            if match:
                closure.add(match.group(1))
    return closure


def check_apt_packages(stages):
    print("Debian packages (apt-cache show, this machine's apt lists):")
    release = {}
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as handle:
            release = dict(line.strip().split("=", 1) for line in handle if "=" in line)
    codename = release.get("VERSION_CODENAME", "").strip('"')
    check(codename == "bookworm", "this machine's apt lists are Debian bookworm's",
          f"VERSION_CODENAME={codename or 'unknown'}: `apt-cache show` here does not speak for bookworm")
    installed = {}
    for stage in stages:
        packages = [p for i in stage.instructions if i.keyword == "RUN" for p in apt_installs(i)]
        installed[stage.index] = packages
        missing = [p for p in packages if not apt_exists(p)]
        check(not missing, f"[{stage.label()}] all {len(packages)} packages exist: {' '.join(packages)}",
              "not in the apt lists: " + " ".join(missing))
    return installed


# ---------------------------------------------------------------------------------------------------------------------
# Shared libraries


def ldd(path):
    """(soname, resolved path or None) for every library `ldd` lists."""
    result = subprocess.run(["ldd", path], capture_output=True, text=True)
    libraries = []
    for line in result.stdout.splitlines():
        match = re.match(r"\s*(\S+)\s+=>\s+(\S+)", line)
        if match:
            libraries.append((match.group(1), None if match.group(2) == "not" else match.group(2)))
        else:
            match = re.match(r"\s*(/\S+)\s+\(", line)
            if match:
                libraries.append((os.path.basename(match.group(1)), match.group(1)))
    return libraries


def owning_package(path):
    for candidate in (path, os.path.realpath(path)):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":")[0].split(",")[0].strip()
    # usrmerge: /lib/x86_64-linux-gnu/x is registered as /usr/lib/x86_64-linux-gnu/x or the other way round.
    for candidate in (path, os.path.realpath(path)):
        other = candidate[4:] if candidate.startswith("/usr/") else "/usr" + candidate
        result = subprocess.run(["dpkg", "-S", other], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(":")[0].split(",")[0].strip()
    return None


def check_libraries(label, binary, runtime_packages, closure):
    """Every non-Swift library of `binary` comes from a package the runtime stage installs (or pulls in)."""
    swift = []
    for soname, path in ldd(binary):
        if soname.startswith("linux-vdso"):
            continue
        if path is None:
            fail(f"{label}: {soname} is not found on this machine (ldd), so it cannot be mapped to a package")
            continue
        if "/lib/swift/" in path:
            swift.append((soname, path))
            continue
        package = owning_package(path)
        if package is None:
            fail(f"{label}: {soname} ({path}) belongs to no Debian package here (dpkg -S)")
        elif package in runtime_packages:
            ok(f"{label}: {soname} <- {package} (installed by the runtime stage)")
        elif package in closure:
            ok(f"{label}: {soname} <- {package} (a dependency of the packages the runtime stage installs)")
        else:
            fail(f"{label}: {soname} comes from {package}, which the runtime stage neither installs nor pulls in")
    return swift


def check_runtime_libraries(stages, installed, runtime):
    print(f"Shared libraries of {shown(CAMO)} (ldd, dpkg -S):")
    if not os.path.exists(CAMO):
        print(f"  skip  {shown(CAMO)} does not exist (build it with `swift build -c release --product"
              " camo`); the libraries it links were not checked")
        return
    runtime_packages = set(installed[runtime.index])
    closure = dependency_closure(sorted(runtime_packages))
    swift = check_libraries("camo", CAMO, runtime_packages, closure)

    # The Swift runtime: the build stage stages its toolchain's lib/swift/linux/*.so (wherever the image keeps the
    # toolchain), the runtime stage copies them into a folder and registers it with ldconfig, since the binary's
    # RUNPATH names the build image's toolchain folder.
    builders = {s.name for s in stages if s is not runtime and s.name} | {str(s.index) for s in stages if s is not runtime}
    copied = []
    for instruction in runtime.instructions:
        if instruction.keyword == "COPY":
            flags, sources, destination = copy_parts(instruction, runtime.args)
            if flags.get("from") in builders:
                copied += [(source, destination) for source in sources]
    build_runs = " ".join(i.text for s in stages if s is not runtime for i in s.instructions if i.keyword == "RUN")
    staged = re.search(r"cp\s+(?:-\w+\s+)*\S*lib/swift/linux/\*\.so\s+(\S+)", build_runs)
    names = ", ".join(sorted(n for n, _ in swift))
    if check(staged is not None, f"camo: the build stage stages the toolchain's lib/swift/linux/*.so "
             f"(the {len(swift)} Swift libraries camo links: {names})",
             "no `cp …/lib/swift/linux/*.so DIR` in a RUN of the build stage"):
        folder = staged.group(1).rstrip("/")
        targets = [d for s_, d in copied if s_.rstrip("/") == folder]
        if check(bool(targets), f"camo: the runtime stage copies {folder}/ from the build stage",
                 f"no COPY --from=<build stage> {folder}/ in the runtime stage"):
            target = targets[0].rstrip("/")
            runtime_runs = " ".join(i.text for i in runtime.instructions if i.keyword == "RUN")
            check(re.search(re.escape(target) + r"\S*\s*>\s*/etc/ld\.so\.conf\.d/", runtime_runs) is not None
                  and "ldconfig" in runtime_runs,
                  f"camo: {target} is registered with the dynamic linker (/etc/ld.so.conf.d, ldconfig)",
                  "the binary's RUNPATH names the build image's toolchain, absent from the runtime image")
    toolchain_dirs = {os.path.dirname(p) for _, p in swift}
    check(all(os.path.basename(d) == "linux" and d.endswith("lib/swift/linux") for d in toolchain_dirs),
          "camo: every Swift library it links is in the toolchain's lib/swift/linux (which the stage copies whole)",
          ", ".join(sorted(toolchain_dirs)))

    # ONNX Runtime, dlopened at run time: its own dependencies, when the wheel is installed here.
    found = subprocess.run([sys.executable, "-c", "import onnxruntime, os; print(os.path.dirname(onnxruntime.__file__))"],
                           capture_output=True, text=True)
    libraries = sorted(glob.glob(os.path.join(found.stdout.strip(), "capi", "libonnxruntime.so.*"))) \
        if found.returncode == 0 else []
    if libraries:
        check_libraries("libonnxruntime", libraries[-1], runtime_packages, closure)
    else:
        print("  skip  the onnxruntime Python package is not installed here: ONNX Runtime's own libraries not checked")


# ---------------------------------------------------------------------------------------------------------------------
# Runtime stage settings


def check_runtime_settings(text, stages, runtime):
    print("Stages and runtime settings:")
    check(len(stages) >= 2, f"multi-stage ({len(stages)} stages: {', '.join(s.label() for s in stages)})")
    check(stages[0].image == "swift:6.3-bookworm", f"build stage on {stages[0].image}", "expected swift:6.3-bookworm")
    check(runtime.image == "debian:bookworm-slim", f"runtime stage on {runtime.image}", "expected debian:bookworm-slim")
    header = text.split("\nFROM", 1)[0].split("\nARG", 1)[0].lower()
    check("without a container engine" in header or "no container engine" in header,
          "the header says the tests do not build it (they run without a container engine)")

    last = {}
    env = {}
    exposes, users = [], []
    for instruction in runtime.instructions:
        last[instruction.keyword] = instruction
        if instruction.keyword == "ENV":
            env.update({k: substitute(v, {**runtime.args, **env}) for k, v in env_pairs(instruction.text).items()})
        if instruction.keyword == "EXPOSE":
            exposes += instruction.text.split()
        if instruction.keyword == "USER":
            users.append(instruction.text.strip())

    entry = last.get("ENTRYPOINT")
    check(entry is not None and exec_form(entry.text) == ENTRYPOINT, f"ENTRYPOINT {json.dumps(ENTRYPOINT)}",
          entry.text if entry else "no ENTRYPOINT")
    check("8080" in exposes or "8080/tcp" in exposes, "EXPOSE 8080", f"EXPOSE {' '.join(exposes) or 'missing'}")
    user = users[-1] if users else None
    name = user.split(":")[0] if user else None
    check(name is not None and name not in ("root", "0"), f"USER {user} is not root", "the container would run as root")
    check(name is not None and name.isdigit(), f"USER {user} is numeric, so Kubernetes' runAsNonRoot can verify it")
    health = last.get("HEALTHCHECK")
    check(health is not None and "/healthz" in health.text and "8080" in health.text,
          "HEALTHCHECK requests /healthz on port 8080", health.text if health else "no HEALTHCHECK")
    check(env.get("CAMO_MODELS") == "/models", "ENV CAMO_MODELS=/models")
    check(env.get("CAMO_CACHE_DIR") == "/var/cache/camo", "ENV CAMO_CACHE_DIR=/var/cache/camo")

    copies = []
    for instruction in runtime.instructions:
        if instruction.keyword == "COPY":
            flags, sources, destination = copy_parts(instruction, runtime.args)
            copies += [(flags.get("from"), s, destination) for s in sources]

    def copied_to(target):
        """The COPY that puts `target` into the image, if any: a folder copied over a folder, a file (or a glob's
        matches) copied into a folder, or a file copied to that very name."""
        for origin, source, destination in copies:
            if destination.endswith("/") and source.endswith("/"):
                if target.startswith(destination):
                    return origin, source, destination
            elif destination.endswith("/"):
                if os.path.dirname(target) + "/" == destination and fnmatch.fnmatch(
                        os.path.basename(target), os.path.basename(source)):
                    return origin, source, destination
            elif target == destination:
                return origin, source, destination
        return None

    ort = env.get("ORT_DYLIB_PATH", "")
    origin = copied_to(ort) if ort else None
    check(origin is not None, f"ENV ORT_DYLIB_PATH={ort} is a file a COPY puts in the image",
          "no COPY in the runtime stage puts it there")
    version = runtime.args.get("ORT_VERSION")
    check(bool(version) and ort.endswith(f"libonnxruntime.so.{version}"),
          f"ORT_DYLIB_PATH names the library of the fetched wheel (onnxruntime {version})")
    build_text = " ".join(i.text for s in stages if s is not runtime for i in s.instructions)
    check("pip download" in build_text and "onnxruntime==" in build_text and "libonnxruntime.so" in build_text,
          "the build stage fetches the onnxruntime wheel with pip and unzips its library")
    check("swift build -c release --product camo" in build_text, "the build stage runs swift build -c release --product camo")

    home = env.get("CAMO_HOME")
    if check(home is not None, f"ENV CAMO_HOME={home} (argv[0] is the bare name `camo`, from which camo cannot find "
             "<prefix>/share/camo)"):
        for shipped in ("models/registry.yaml", "pipelines/default.yaml", "models/calibration/default.json"):
            check(copied_to(f"{home}/{shipped}") is not None, f"{home}/{shipped} is copied into the image")
    check(copied_to("/usr/local/bin/camo") is not None, "the camo binary is copied to /usr/local/bin/camo")
    check("/models" in " ".join(i.text for i in runtime.instructions if i.keyword == "VOLUME"), "VOLUME /models")
    models_arg = stages[0].args.get("MODELS_DIR") if stages[0].args.get("MODELS_DIR") is not None else \
        next((s.args["MODELS_DIR"] for s in stages if "MODELS_DIR" in s.args), None)
    check(models_arg is not None, f"build argument MODELS_DIR (default {models_arg}) bakes models in optionally")


def main():
    print(f"Checking {shown(CONTAINERFILE)} (statically: no container engine)")
    if not os.path.exists(CONTAINERFILE):
        sys.exit(f"FAILED: {CONTAINERFILE} does not exist")
    text, _, stages = parse(CONTAINERFILE)
    runtime = stages[-1]
    check_context_sources(stages)
    installed = check_apt_packages(stages)
    check_runtime_libraries(stages, installed, runtime)
    check_runtime_settings(text, stages, runtime)
    finish(CONTAINERFILE)


if __name__ == "__main__":
    main()
