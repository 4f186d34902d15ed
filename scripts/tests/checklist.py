"""The report of the repository's static checks (test_containerfile.py, test_kubernetes.py): each check prints
`ok` or `FAIL` as it runs, and `finish` lists the failures and sets the exit status."""
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
failures = []


def shown(path):
    """`path` relative to the repository when it is inside it, else as given."""
    relative = os.path.relpath(path, REPO)
    return path if relative.startswith("..") else relative


def ok(message):
    print(f"  ok    {message}")


def fail(message):
    failures.append(message)
    print(f"  FAIL  {message}")


def check(condition, message, detail=""):
    if condition:
        ok(message)
    else:
        fail(message + (f": {detail}" if detail else ""))
    return condition


def finish(subject):
    """Exits 1 listing every failure about `subject` (a path), or says every check passed."""
    if failures:
        print(f"\nFAILED: {len(failures)} check(s) of {shown(subject)}:")
        for message in failures:
            print(f"  - {message}")
        sys.exit(1)
    print(f"\n{shown(subject)}: every check passed")
