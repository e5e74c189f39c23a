"""Issue 23, a second outside tester's findings: what the tool prints and where it writes.
An MP3's tags and a feed's URLs reach the terminal escaped; narrating into a folder of
the user's never overwrites it, and re-narrating an episode keeps everything the user
put beside it (subfolders and links too)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from attack_support import assert_ok, assert_one_error, files_under, run_cli

RAW = "\x1b]0;PWNED\x07\x1b[2J\x1b[31mRED\u202egnp.exe\x9b31m"
TERMINAL = ("\x1b", "\x07", "\x9b", "\u202e")


@pytest.fixture(scope="module")
def narrated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("outputs")
    (root / "story.txt").write_text("Title: Test story\n\nThe council met on Monday. "
                                    "It voted to reopen the bridge.\n", encoding="utf-8")
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"], cwd=root))
    return root


def _raw_controls(text: str) -> list[str]:
    return [c for c in TERMINAL if c in text]


def test_inspect_prints_hostile_tags_escaped(narrated, tmp_path):
    """TIT2, TPE1 and every chapter's title set to escapes, OSC, bidi and C1 controls."""
    from mutagen.id3 import ID3, TIT2, TPE1

    mp3 = tmp_path / "evil.mp3"
    shutil.copy(next((narrated / "out").glob("*/*.mp3")), mp3)
    tags = ID3(mp3)
    tags.setall("TIT2", [TIT2(encoding=3, text=RAW)])
    tags.setall("TPE1", [TPE1(encoding=3, text=RAW)])
    for chap in tags.getall("CHAP"):
        chap.sub_frames.setall("TIT2", [TIT2(encoding=3, text=RAW)])
    tags.save(v2_version=3)
    text = run_cli(["inspect", str(mp3)], cwd=tmp_path)
    assert "Traceback" not in text.stderr
    assert "PWNED" in text.stdout and _raw_controls(text.stdout) == [], text.stdout
    as_json = run_cli(["inspect", str(mp3), "--json"], cwd=tmp_path)
    assert "PWNED" in as_json.stdout and _raw_controls(as_json.stdout) == [], as_json.stdout
    assert RAW in _strings(json.loads(as_json.stdout))  # the document still says it exactly


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_feed_check_prints_hostile_urls_escaped(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                    "<title>T</title><item><title>I</title><enclosure url="
                    '"http://\u202e/a.mp3\x9b2J" length="1" type="audio/mpeg"/></item>'
                    "</channel></rss>", encoding="utf-8")
    (tmp_path / "files").mkdir()
    run = run_cli(["feed", "check", str(feed), "--files", str(tmp_path / "files")],
                  cwd=tmp_path)
    assert "Traceback" not in run.stderr and run.returncode == 1, run.stderr
    assert run.stdout and _raw_controls(run.stdout + run.stderr) == [], run.stdout


def test_a_folder_of_the_users_is_never_narrated_into(narrated, tmp_path):
    """out/test-story/ exists, with no episode.json: narrate refuses in one line before
    any synthesis, and every file and subfolder is as it was."""
    folder = tmp_path / "out" / "test-story"
    (folder / "sub").mkdir(parents=True)
    files = {folder / "sub" / "x": "s", folder / "index.html": "mine",
             folder / "test-story.mp3": "my mp3", folder / "notes.txt": "precious"}
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    shutil.copy(narrated / "story.txt", tmp_path)
    run = run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"], cwd=tmp_path)
    assert_one_error(run, contains="not an episode folder")
    assert {p: p.read_text(encoding="utf-8") for p in files} == files
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["test-story"]


def test_re_narrating_keeps_what_the_user_put_beside_the_episode(narrated, tmp_path):
    """A subfolder of photos, a note and a symbolic link survive the atomic swap."""
    shutil.copytree(narrated / "out", tmp_path / "out")
    folder = next(p for p in (tmp_path / "out").iterdir() if p.is_dir())
    (folder / "photos").mkdir()
    (folder / "photos" / "raw.jpg").write_bytes(b"\xff\xd8 my photo")
    (folder / "notes.txt").write_text("precious", encoding="utf-8")
    os.symlink("../../elsewhere/notes", folder / "link")
    (tmp_path / "story.txt").write_text("Title: Test story\n\nThe council met on Tuesday.\n",
                                        encoding="utf-8")
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path))
    assert "Tuesday" in (folder / "transcript.vtt").read_text(encoding="utf-8")
    assert (folder / "photos" / "raw.jpg").read_bytes() == b"\xff\xd8 my photo"
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "precious"
    assert os.readlink(folder / "link") == "../../elsewhere/notes"


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_a_terminated_narration_leaves_nothing_behind(tmp_path, number):
    """SIGTERM or SIGHUP mid-narration to the whole process group, as a service manager
    or a closed terminal sends it, workers included: it unwinds like Ctrl-C, "Terminated.",
    exit 128+N, no traceback (the workers' resource tracker died of the hang-up and its
    successor printed five), and no staging folder left behind (one was, hidden and
    empty, until the next run)."""
    (tmp_path / "long.txt").write_text("Title: A long story\n\n" + "".join(
        f"On day {n} the council met and talked about the bridge. " for n in range(400)),
        encoding="utf-8")
    out = tmp_path / "out"
    narrate = subprocess.Popen([sys.executable, "-m", "audio_article", "narrate", "long.txt",
                                "--voice", "espeak", "-j", "2", "-o", str(out)],
                               cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(out.glob(".*partial*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(out.glob(".*partial*")), "the narration made its staging folder"
    time.sleep(1)  # the workers at work
    os.killpg(narrate.pid, number)
    _, stderr = narrate.communicate(timeout=60)
    assert narrate.returncode == 128 + number and "Terminated." in stderr, stderr[-2000:]
    assert "Traceback" not in stderr
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("name", ["test-story.opus", "transcript.srt", "index.html"])
def test_a_folder_named_like_an_episode_file_is_refused_not_deleted(narrated, tmp_path,
                                                                    name):
    """A user's folder where the episode writes a file (its Opus file when Opus is asked
    for, a transcript, its page): replacing it would delete what it holds. One error
    line before any synthesis; the folder, its contents and the old episode as they were."""
    shutil.copytree(narrated / "out", tmp_path / "out")
    folder = tmp_path / "out" / "test-story"
    if (folder / name).exists():
        (folder / name).unlink()
    (folder / name).mkdir()
    (folder / name / "precious.txt").write_text("mine", encoding="utf-8")
    before = {p: p.read_bytes() for p in files_under(tmp_path / "out")}
    shutil.copy(narrated / "story.txt", tmp_path)
    run = run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out",
                   "--format", "mp3,opus"], cwd=tmp_path)
    assert_one_error(run, contains=f"{name} is a folder")
    assert {p: p.read_bytes() for p in files_under(tmp_path / "out")} == before


@pytest.mark.parametrize("command", ["narrate", "batch"])
def test_a_users_own_front_page_in_the_output_folder_is_never_replaced(narrated, tmp_path,
                                                                      command):
    """OUTPUT/index.html that audio-article did not write (a web root's own front page):
    the show's index would replace it. One error line before any synthesis, nothing
    written; a show index an older release wrote (no generator mark) is still ours."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("<!DOCTYPE html><title>My newsroom</title><p>Mine",
                                    encoding="utf-8")
    shutil.copy(narrated / "story.txt", tmp_path)
    run = run_cli([command, "story.txt", "--voice", "espeak", "-o", "out"], cwd=tmp_path)
    assert_one_error(run, contains="index.html is a page audio-article did not write")
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert "My newsroom" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["link", "comment", "script", "fifo"])
def test_no_other_spelling_of_a_users_page_is_replaced(narrated, tmp_path, kind):
    """An outside tester's bypasses: a link to the user's page, our mark in a comment or in
    a script's text, a pipe. Each is refused before synthesis and left as it was."""
    out = tmp_path / "out"
    out.mkdir()
    mark = '<meta name="generator" content="audio-article">'
    mine = tmp_path / "mine.html"
    mine.write_text(f"<!DOCTYPE html><head><!-- {mark} --><title>Mine</title>"
                    if kind == "comment" else
                    f"<script>var s = '{mark}';</script><p>Mine</p>" if kind == "script" else
                    "<p>Mine</p>", encoding="utf-8")
    page = out / "index.html"
    if kind == "link":
        page.symlink_to(mine)
    elif kind == "fifo":
        os.mkfifo(page)
    else:
        shutil.copy(mine, page)
    shutil.copy(narrated / "story.txt", tmp_path)
    run = run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"], cwd=tmp_path)
    assert_one_error(run, contains="index.html is a page audio-article did not write")
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert page.is_symlink() == (kind == "link") and "Mine" in mine.read_text(encoding="utf-8")


def test_publish_beside_a_users_own_front_page_writes_the_feed_and_says_so(narrated,
                                                                          tmp_path):
    shutil.copytree(narrated / "out", tmp_path / "out")
    page = tmp_path / "out" / "index.html"
    page.write_text("<!DOCTYPE html><title>My newsroom</title><p>Mine", encoding="utf-8")
    run = run_cli(["publish", "out/test-story", "--feed", "out/feed.xml"], cwd=tmp_path)
    assert_ok(run)
    assert (tmp_path / "out" / "feed.xml").is_file()
    assert "did not write" in run.stderr and "My newsroom" in page.read_text(encoding="utf-8")


def test_a_show_index_from_before_the_generator_mark_is_replaced(narrated, tmp_path):
    from audio_article.page.html import GENERATOR

    shutil.copytree(narrated / "out", tmp_path / "out")
    page = tmp_path / "out" / "index.html"
    old = page.read_text(encoding="utf-8").replace(GENERATOR + "\n", "")
    page.write_text(old.replace("Episodes, newest first", "Old heading"), encoding="utf-8")
    shutil.copy(narrated / "story.txt", tmp_path)
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path))
    new = page.read_text(encoding="utf-8")
    assert GENERATOR in new and "Old heading" not in new


def test_re_narrating_keeps_the_modes_the_user_gave_the_episode_files(narrated, tmp_path):
    """A transcript kept from others (0640), an MP3 for everyone (0644) and a manifest the
    group may edit (0664): the new files of those names come with the same modes."""
    shutil.copytree(narrated / "out", tmp_path / "out")
    shutil.copy(narrated / "story.txt", tmp_path)
    folder = tmp_path / "out" / "test-story"
    modes = {"transcript.vtt": 0o640, "test-story.mp3": 0o644, "episode.json": 0o664,
             "chapters.json": 0o600}
    for name, mode in modes.items():
        os.chmod(folder / name, mode)
    with open(tmp_path / "story.txt", "a", encoding="utf-8") as handle:
        handle.write("\nThe bridge opens in May.\n")  # a changed article: every file is new
    before = (folder / "test-story.mp3").stat().st_ino
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"], cwd=tmp_path))
    assert (folder / "test-story.mp3").stat().st_ino != before
    assert {name: (folder / name).stat().st_mode & 0o777 for name in modes} == modes


@pytest.fixture(scope="module")
def three_formats(narrated, tmp_path_factory) -> Path:
    """The same story narrated as MP3, M4A and Opus: its out/ folder."""
    root = tmp_path_factory.mktemp("formats")
    shutil.copy(narrated / "story.txt", root)
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out",
                       "--format", "mp3,m4a,opus"], cwd=root))
    return root / "out"


def test_re_narrating_with_fewer_formats_leaves_no_old_audio(narrated, three_formats,
                                                             tmp_path):
    """MP3, M4A and Opus, then MP3 alone: the old M4A goes (it was the episode's own, as
    episode.json listed it); the old Opus file, which the user has since changed, stays."""
    shutil.copytree(three_formats, tmp_path / "out")
    shutil.copy(narrated / "story.txt", tmp_path)
    folder = tmp_path / "out" / "test-story"
    with open(folder / "test-story.opus", "ab") as handle:
        handle.write(b"edited")
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path))
    names = {p.name for p in folder.iterdir()}
    assert "test-story.m4a" not in names and "test-story.mp3" in names
    assert (folder / "test-story.opus").read_bytes().endswith(b"edited")
    listed = json.loads((folder / "episode.json").read_text(encoding="utf-8"))["files"]
    assert [e["path"] for e in listed.values() if e.get("format")] == ["test-story.mp3"]
    # The page came with the swap (it is made in the staging folder): it offers no M4A.
    assert "test-story.m4a" not in (folder / "index.html").read_text(encoding="utf-8")


def test_without_an_atomic_swap_the_old_formats_go_too(narrated, three_formats, tmp_path,
                                                       monkeypatch):
    """Where renameat2 is missing the files move one at a time: the same outcome."""
    from audio_article.package import files, swap

    final, staging = tmp_path / "out" / "test-story", tmp_path / "staging"
    shutil.copytree(three_formats, tmp_path / "out")
    shutil.copytree(narrated / "out" / "test-story", staging)
    (final / "notes.txt").write_text("precious", encoding="utf-8")
    monkeypatch.setattr(swap, "_exchange", lambda first, second: False)
    files.promote(staging, final, ["test-story.m4a", "test-story.opus"])
    assert sorted(p.name for p in final.iterdir()) == sorted(
        [p.name for p in (narrated / "out" / "test-story").iterdir()] + ["notes.txt"])
    assert ((final / "test-story.mp3").read_bytes()
            == (narrated / "out" / "test-story" / "test-story.mp3").read_bytes())


def test_a_manifest_that_claims_a_users_file_removes_nothing_of_theirs(narrated, tmp_path):
    """episode.json edited to list notes.txt (its right size and SHA-256) as the old
    episode's: only names an episode writes are ever removed, so the note stays."""
    import hashlib

    shutil.copytree(narrated / "out", tmp_path / "out")
    shutil.copy(narrated / "story.txt", tmp_path)
    folder = tmp_path / "out" / "test-story"
    note = b"precious"
    (folder / "notes.txt").write_bytes(note)
    manifest = json.loads((folder / "episode.json").read_text(encoding="utf-8"))
    manifest["files"]["notes"] = {"path": "notes.txt", "bytes": len(note),
                                  "sha256": hashlib.sha256(note).hexdigest()}
    (folder / "episode.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path))
    assert (folder / "notes.txt").read_bytes() == note


@pytest.mark.parametrize("manifest", ["{}", "{bad", '{"format": "other/thing"}', "fifo"])
def test_a_folder_with_someone_elses_episode_json_is_never_narrated_into(narrated,
                                                                          tmp_path,
                                                                          manifest):
    """An episode.json that is not audio-article's (another tool's, broken, a pipe) does
    not make a folder an episode: refused before synthesis, every file as it was."""
    folder = tmp_path / "out" / "test-story"
    folder.mkdir(parents=True)
    if manifest == "fifo":
        os.mkfifo(folder / "episode.json")
    else:
        (folder / "episode.json").write_text(manifest, encoding="utf-8")
    (folder / "transcript.vtt").write_text("mine", encoding="utf-8")
    shutil.copy(narrated / "story.txt", tmp_path)
    run = run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"], cwd=tmp_path)
    assert_one_error(run, contains="not an episode folder")
    assert (folder / "transcript.vtt").read_text(encoding="utf-8") == "mine"


def test_re_narrating_keeps_the_folders_modes_and_owners(narrated, tmp_path):
    """A private episode folder and a private subfolder stay private, a shared setgid
    folder keeps its group, owner and bits, across the atomic swap."""
    shutil.copytree(narrated / "out", tmp_path / "out")
    shutil.copy(narrated / "story.txt", tmp_path)
    folder = tmp_path / "out" / "test-story"
    (folder / "private").mkdir(mode=0o700)
    (folder / "shared").mkdir()
    os.chown(folder / "shared", 65534, 65534)
    modes = {folder: 0o750, folder / "private": 0o700, folder / "shared": 0o2775}
    for path, mode in modes.items():
        os.chmod(path, mode)
    before = {p: (p.stat().st_mode, p.stat().st_uid, p.stat().st_gid) for p in modes}
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path))
    assert {p: (p.stat().st_mode, p.stat().st_uid, p.stat().st_gid) for p in modes} == before


def test_a_setgid_episode_folder_gives_its_group_to_the_new_files(narrated, tmp_path):
    """A folder shared with a group (a web server's, say) through setgid: the files a new
    narration writes there take its group, as any file written into it would."""
    shutil.copytree(narrated / "out", tmp_path / "out")
    shutil.copy(narrated / "story.txt", tmp_path)
    folder = tmp_path / "out" / "test-story"
    os.chown(folder, -1, 65534)
    os.chmod(folder, 0o2775)
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path))
    assert folder.stat().st_gid == 65534 and folder.stat().st_mode & 0o7777 == 0o2775
    assert {p.name: p.stat().st_gid for p in folder.iterdir()} == {
        p.name: 65534 for p in folder.iterdir()}


def test_a_read_only_output_folder_is_refused_even_for_root(narrated, tmp_path):
    shutil.copy(narrated / "story.txt", tmp_path)
    (tmp_path / "out").mkdir(mode=0o555)
    try:
        run = run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path)
        assert_one_error(run, contains="read-only")
        assert list((tmp_path / "out").iterdir()) == []
    finally:
        (tmp_path / "out").chmod(0o755)


def test_a_staging_folder_held_by_a_live_writer_is_not_removed(narrated, tmp_path):
    """A staging folder whose process id is unknown here (its writer in another PID
    namespace: a container, or another host on a shared file system) but whose flock is
    held is another run's work in progress: left alone. One not held is removed."""
    import fcntl

    shutil.copy(narrated / "story.txt", tmp_path)
    out = tmp_path / "out"
    held, orphan = out / ".test-story.partial-999999-held", out / ".test-story.partial-999999-gone"
    for folder in (held, orphan):
        folder.mkdir(parents=True)
        (folder / "test-story.mp3").write_bytes(b"in progress")
    fd = os.open(held, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                          cwd=tmp_path))
        assert (held / "test-story.mp3").read_bytes() == b"in progress"
        assert not orphan.exists()
    finally:
        os.close(fd)


def test_a_qa_report_does_not_outlive_the_audio_it_describes(narrated, tmp_path):
    """qa.json (written by `qa` beside the episode) describes the old audio: a new
    narration removes it, so `serve` never hands out a report of other words."""
    shutil.copytree(narrated / "out", tmp_path / "out")
    shutil.copy(narrated / "story.txt", tmp_path)
    folder = tmp_path / "out" / "test-story"
    (folder / "qa.json").write_text('{"format": "audio-article/qa", "sentences": []}',
                                    encoding="utf-8")
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path))
    assert not (folder / "qa.json").exists()
    (folder / "qa.json").write_text('{"my": "questions"}', encoding="utf-8")  # a user's
    assert_ok(run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path))
    assert (folder / "qa.json").read_text(encoding="utf-8") == '{"my": "questions"}'


def test_a_folder_where_the_show_page_goes_is_refused_first(narrated, tmp_path):
    """out/index.html a folder: refused before synthesis, the old episode as it was."""
    shutil.copytree(narrated / "out", tmp_path / "out")
    shutil.copy(narrated / "story.txt", tmp_path)
    (tmp_path / "out" / "index.html").unlink()
    (tmp_path / "out" / "index.html").mkdir()
    before = {p: p.read_bytes() for p in files_under(tmp_path / "out")}
    run = run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"], cwd=tmp_path)
    assert_one_error(run, contains="index.html is a folder")
    assert {p: p.read_bytes() for p in files_under(tmp_path / "out")} == before


def test_a_read_only_episode_folder_is_refused_even_for_root(narrated, tmp_path):
    """Mode 0555: the owner made it read-only; narrating would swap it out all the same
    (a rename needs only the parent's permission), so it is refused, root or not."""
    shutil.copytree(narrated / "out", tmp_path / "out")
    shutil.copy(narrated / "story.txt", tmp_path)
    folder = tmp_path / "out" / "test-story"
    before = {p: p.read_bytes() for p in files_under(folder)}
    folder.chmod(0o555)
    try:
        run = run_cli(["narrate", "story.txt", "--voice", "espeak", "-o", "out"],
                      cwd=tmp_path)
        assert_one_error(run, contains="is read-only")
        assert {p: p.read_bytes() for p in files_under(folder)} == before
    finally:
        folder.chmod(0o755)


def test_removing_a_tree_never_reaches_through_a_link(tmp_path):
    """A staging name that is a link (to a folder with a read-only subfolder elsewhere):
    the link goes, the folder it points to is not touched, modes included."""
    from audio_article.package.folder import remove_tree

    outside = tmp_path / "outside"
    (outside / "sub").mkdir(parents=True)
    (outside / "sub").chmod(0o500)
    link = tmp_path / ".story.partial-999999-x"
    link.symlink_to(outside)
    remove_tree(link)
    assert not link.is_symlink() and (outside / "sub").is_dir()
    assert (outside / "sub").stat().st_mode & 0o777 == 0o500


def test_without_flock_a_staging_folder_is_held_by_its_process_id(tmp_path, monkeypatch):
    """Where fcntl is missing (Windows) staging folders still work: the id decides."""
    from audio_article.package import files, folder

    monkeypatch.setattr(folder, "fcntl", None)
    with files.staging_folder(tmp_path / "out", "story") as staging:
        assert staging.is_dir() and not folder._in_use(staging)
    assert not staging.exists()


def test_what_is_saved_while_the_folder_is_swapped_is_brought_over(narrated, three_formats,
                                                                   tmp_path, monkeypatch):
    """An editor saves notes.txt (a new file renamed over the old), a new photo lands in
    a subfolder and a new file appears, after the user's files were linked into the new
    folder and before the swap, and a shell still in the old folder writes a file after
    it: all four are in the episode folder after it."""
    from audio_article.package import files, swap

    final, staging = tmp_path / "out" / "test-story", tmp_path / "staging"
    shutil.copytree(three_formats, tmp_path / "out")
    shutil.copytree(narrated / "out" / "test-story", staging)
    (final / "photos").mkdir()
    (final / "notes.txt").write_text("draft 1", encoding="utf-8")
    (final / "mine.txt").write_text("draft 1", encoding="utf-8")
    (final / "todo.txt").write_text("todo", encoding="utf-8")
    exchange = swap._exchange

    def saved_meanwhile(first, second):
        (final / "draft.tmp").write_text("draft 2", encoding="utf-8")
        os.replace(final / "draft.tmp", final / "notes.txt")
        (final / "photos" / "new.jpg").write_bytes(b"photo")
        (final / "new.txt").write_text("new", encoding="utf-8")
        swapped = exchange(first, second)
        # A shell still in the old folder writes on after the swap: it lies at ``first``.
        (first / "late.txt").write_text("late", encoding="utf-8")
        # In the new folder, the user saves a file anew and removes another: theirs wins.
        (second / "draft.tmp").write_text("draft 2", encoding="utf-8")
        os.replace(second / "draft.tmp", second / "mine.txt")
        (second / "todo.txt").unlink()
        return swapped

    monkeypatch.setattr(swap, "_exchange", saved_meanwhile)
    files.promote(staging, final, ["test-story.m4a", "test-story.opus"])
    assert (final / "notes.txt").read_text(encoding="utf-8") == "draft 2"
    assert (final / "photos" / "new.jpg").read_bytes() == b"photo"
    assert (final / "new.txt").read_text(encoding="utf-8") == "new"
    assert (final / "late.txt").read_text(encoding="utf-8") == "late"
    assert (final / "mine.txt").read_text(encoding="utf-8") == "draft 2"
    assert not (final / "todo.txt").exists()
    assert not (final / "test-story.m4a").exists()
    assert sorted(p.name for p in staging.iterdir()) == []  # the old folder emptied
