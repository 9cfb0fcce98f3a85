"""The `hidden-layers` command line (click for parsing, rich for tables and progress).

Every failure a user can cause (bad flag, unknown scene or model, missing or corrupt flow,
failed render) ends as one `error: ...` line naming the problem and the fix, exit code 1
(2 for usage errors), and leaves earlier outputs untouched.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from contract.flow import FlowError, load_flow
from contract.history import history_path, load_history
from contract.paths import REPO_ROOT, USER_FLOWS_DIR, flow_path
from contract.script import ScriptError
from models.errors import ExportError

from .narration.wav import SpeechError
from .progress import scene_progress
from .publish import PublishError
from .render.audio import AudioError
from .render.errors import RenderError
from .render.executors import EXECUTORS, make_executor
from .render.frames import extract_frame, video_info
from .render.quality import QUALITIES
from .render.scenes import render_many, stage_end_times
from .settings import Settings
from .story import GENERAL_CHAPTERS, SCENES_IN_ORDER, FlowDoesNotFit, UnknownScene, find_scene

# Piped output (tests, logs) gets wide tables rather than truncated cells.
console = Console() if sys.stdout.isatty() else Console(width=200)
quality_option = click.option("--quality", "-q", type=click.Choice(list(QUALITIES)), default="low", show_default=True,
                              help="low 480p15, medium 720p30, high 1080p60, 4k 2160p60")


def _voice_options(f):
    """--voice, --recordings and --voice-model: they become the run's Settings."""

    @click.option("--voice", type=click.Choice(["piper", "none"]), default="piper", show_default=True,
                  help="piper: offline synthetic voice; none: silent, same timing (a silent audio track)")
    @click.option("--recordings", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
                  help="folder of your own recordings, <folder>/<scene-id>/<cue-id>.wav (default: recordings/)")
    @click.option("--voice-model", type=click.Path(path_type=Path), default=None,
                  help="another Piper voice: a .onnx file with its .onnx.json beside it")
    @click.pass_obj
    @functools.wraps(f)
    def wrapper(settings: Settings, *args, voice, recordings, voice_model, **kwargs):
        changes = {"voice": voice}
        if recordings:
            changes["recordings"] = recordings.resolve()
        if voice_model:
            changes["voice_model"] = voice_model.resolve()
        return f(settings.replace(**changes), *args, **kwargs)

    return wrapper


def _executor_options(f):
    """--executor and --scheduler: where the sections render (README, "Rendering on several
    machines"). The executor is made (a scheduler connected) before anything is written."""

    @click.option("--executor", type=click.Choice(EXECUTORS), default="local", show_default=True,
                  help="local: this machine, --jobs at a time; dask: the workers of a dask.distributed cluster")
    @click.option("--scheduler", default=None, metavar="ADDRESS",
                  help="with --executor dask: the scheduler's address, e.g. tcp://10.0.0.5:8786")
    @functools.wraps(f)
    def wrapper(*args, executor, scheduler, **kwargs):
        made = make_executor(executor, scheduler, kwargs.get("jobs") or 2)
        try:
            return f(*args, executor=made, **kwargs)
        finally:
            made.close()

    return wrapper


flow_option = click.option("--flow", "flow", default=None, metavar="NAME",
                           help="for the general chapters (unfold, hidden-space, pieces): draw your flow NAME, "
                                "from assets/flows/user/ (or --flows DIR)")


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--renders", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="output folder (default: renders/ in the repository)")
@click.option("--flows", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="folder of flows to read (default: assets/flows/)")
@click.pass_context
def cli(ctx, renders, flows):
    """Render explainer videos of what hidden layers do, from real trained models."""
    settings = Settings()
    if renders:
        settings = settings.replace(renders=renders.resolve())
    if flows:
        settings = settings.replace(flows=flows.resolve())
    ctx.obj = settings


@cli.command("list")
@click.pass_obj
def list_cmd(settings: Settings):
    """The models (is each exported flow current?) and the scenes, in story order."""
    from models.registry import MODELS

    models = _table("models (assets/flows)", "model", "flow", "accuracy / error", "history", "description")
    for name, spec in MODELS.items():
        path = flow_path(name, settings.flows)
        score = ""
        flow = None
        try:
            flow = load_flow(path)
            state = "current" if flow.meta.get("spec_hash") == spec.spec_hash() else "stale: run train"
            meta = flow.meta
            score = _score(meta)
        except FlowError as exc:
            state = "missing" if not path.exists() else f"invalid: {_flow_problem(exc)}"
        models.add_row(name, state, score, _history_state(name, flow, settings.flows), spec.description)
    console.print(models)
    _list_user_flows()
    scenes = _table("scenes (in story order)", "scene", "class", "file", "chapter", "flows")
    for e in SCENES_IN_ORDER:
        scenes.add_row(e.id, e.cls, f"scenes/{e.file}", e.chapter, ", ".join(e.flows))
    console.print(scenes)
    general = _table("general chapters (any flow that fits: render ID --flow NAME)", "scene", "class", "file",
                     "takes", "example")
    for e in GENERAL_CHAPTERS:
        general.add_row(e.id, e.cls, f"scenes/{e.file}", e.chapter, ", ".join(e.flows))
    console.print(general)


_user_model_options = [
    click.option("--arch", "arch", type=click.Path(path_type=Path), default=None, metavar="NET.toml",
                 help="your model's layers (README, \"Your own model\")"),
    click.option("--data", "data", type=click.Path(path_type=Path), default=None, metavar="POINTS.csv",
                 help="your points: a header row, one column per feature, the label or target last in column y"),
    click.option("--name", "name", default=None, help="the flow's name: <out>/<name>.npz"),
    click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help=f"folder for the flow (default: {USER_FLOWS_DIR.relative_to(REPO_ROOT)}/)"),
]


def _user_model(f):
    for option in reversed(_user_model_options):
        f = option(f)
    return f


@contextlib.contextmanager
def _training_packages():
    """Your own models need torch and safetensors (imported only once the files pass their checks)."""
    try:
        yield
    except ModuleNotFoundError as exc:
        if exc.name not in ("torch", "safetensors"):
            raise
        raise UserError(f"your own models need {exc.name}; install it with `bash setup.sh --train`") from None


def _need(**options) -> None:
    missing = [f"--{k}" for k, v in options.items() if v is None]
    if missing:
        raise UserError(f"missing {', '.join(missing)}; e.g. hidden-layers export --arch net.toml "
                        f"--weights model.safetensors --data points.csv --name mine")


def _report_user_flow(path: Path, flow) -> None:
    meta = flow.meta
    score = (f"accuracy {meta['accuracy']:.2%}" if "accuracy" in meta
             else f"mse {meta['mse']:.3g}, max error {meta['max_abs_error']:.3g}")
    stages = " -> ".join(s.label for s in flow.stages)
    console.print(f"{flow.name}: {meta['task']}, {len(flow.X)} points, {score}; stages {stages} -> {path}")


def _score(meta: dict) -> str:
    """A flow's accuracy, or a regression's largest error (on a dense grid where it has one)."""
    if "accuracy" in meta:
        return f"{meta['accuracy']:.1%}"
    return f"max err {meta.get('dense_max_abs_error', meta.get('max_abs_error', float('nan'))):.4f}"


def _history_state(name: str, flow, flows: Path | None) -> str:
    """Whether model ``name`` keeps a training history (`train NAME` records it) and its checkpoints."""
    from models.registry import HISTORIES

    path = history_path(name, flows)
    if not path.exists():
        return "missing: run train" if name in HISTORIES else "-"
    if flow is None:
        return "no flow"
    try:
        history = load_history(path, flow)
    except FlowError as exc:
        return f"invalid: {_flow_problem(exc)}"
    return f"{len(history)} checkpoints"


def _flow_problem(exc: FlowError) -> str:
    """What is wrong with a flow, without the file name and the fix (the table names the flow)."""
    return str(exc).split(";")[0].split(": ", 1)[-1]


def _training_bar(name: str) -> Progress:
    return Progress(TextColumn(f"training {name}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("loss {task.fields[loss]}"), TimeElapsedColumn(), console=console)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title)
    for col in columns:
        table.add_column(col)
    return table


def _list_user_flows() -> None:
    """Your own flows (`hidden-layers export`, `train --arch`), if there are any."""
    paths = sorted(USER_FLOWS_DIR.glob("*.npz"))
    if not paths:
        return
    table = _table(f"your flows ({USER_FLOWS_DIR.relative_to(REPO_ROOT)})", "flow", "task", "accuracy / error", "stages")
    for path in paths:
        try:
            flow = load_flow(path)
        except FlowError as exc:
            table.add_row(path.stem, "invalid", "", _flow_problem(exc))
            continue
        table.add_row(path.stem, flow.task, _score(flow.meta), " -> ".join(s.label for s in flow.stages))
    console.print(table)


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--all", "all_models", is_flag=True, help="train every model")
@_user_model
@click.pass_obj
def train(settings: Settings, names, all_models, arch, data, name, out):
    """Retrain the story's models (seeded, CPU) and re-export their flows to assets/flows/;
    or, with --arch/--data/--name, train your own model and export its flow."""
    if arch or data or name or out:
        if names or all_models:
            raise UserError("train either story models (NAME... or --all) or your own (--arch, --data, --name), "
                            "not both")
        _need(arch=arch, data=data, name=name)
        from models.user_files import train_files

        with _training_packages(), _training_bar(name) as bar:
            task = bar.add_task(name, total=None, loss="-")
            path, flow = train_files(arch, data, name, out, lambda step, steps, loss: bar.update(
                task, completed=step, total=steps, loss=f"{loss:.4f}"))
        _report_user_flow(path, flow)
        return
    try:
        from models.registry import MODELS, get_spec
        from models.train import train_and_export
    except ImportError as exc:
        raise UserError(f"training needs torch ({exc}); install it with `bash setup.sh --train`") from None
    if all_models:
        names = tuple(MODELS)
    if not names:
        raise UserError(f"name a model or pass --all (or train your own with --arch, --data, --name); "
                        f"models: {', '.join(MODELS)}")
    for name in names:
        try:
            get_spec(name)
        except KeyError as exc:
            raise UserError(str(exc.args[0])) from None
    for name in names:
        with _training_bar(name) as bar:
            task = bar.add_task(name, total=get_spec(name).steps, loss="-")
            flow = train_and_export(name, lambda step, steps, loss: bar.update(task, completed=step, loss=f"{loss:.4f}"),
                                    settings.flows)
        meta = flow.meta
        score = f"accuracy {meta['accuracy']:.2%}" if "accuracy" in meta else f"mse {meta['mse']:.2e}"
        console.print(f"{name}: final loss {meta['final_loss']:.4f}, {score} -> {flow_path(name, settings.flows)}")


@cli.command()
@_user_model
@click.option("--weights", type=click.Path(path_type=Path), default=None, metavar="MODEL.safetensors",
              help="the trained weights: safetensors.torch.save_file(model.state_dict(), ...)")
def export(arch, data, name, out, weights):
    """Your own trained model as a flow: its layers (--arch), weights (--weights, safetensors,
    never pickle) and points (--data) -> <out>/<name>.npz (default assets/flows/user/)."""
    from models.user_files import export_files

    _need(arch=arch, weights=weights, data=data, name=name)
    with _training_packages():
        path, flow = export_files(arch, weights, data, name, out)
    _report_user_flow(path, flow)


def _render_with_progress(entries, quality, settings, jobs, force, executor=None):
    with scene_progress(console, len(entries)) as (done, progress):
        return render_many(entries, quality, settings, jobs=jobs, force=force, on_done=done, on_progress=progress,
                           executor=executor)


def _find_scene(name: str, flow: str | None, settings: Settings):
    """The scene to render; with --flow, a note on stderr when the flow fits its chapter but its
    picture will not read (a needle, a class on one spot): the render goes on."""
    entry = find_scene(name, flow, settings.flows)
    if entry.note:
        click.echo(f"note: {entry.note}", err=True)
    return entry


@cli.command()
@click.argument("scenes", nargs=-1)
@click.option("--all", "all_scenes", is_flag=True, help="every scene of the story")
@quality_option
@click.option("--jobs", "-j", type=click.IntRange(1, 16), default=2, show_default=True, help="scenes rendered at once")
@click.option("--force", is_flag=True, help="render even if nothing changed")
@flow_option
@_executor_options
@_voice_options
def render(settings: Settings, scenes, all_scenes, quality, jobs, force, flow, executor):
    """Render scenes to renders/<quality>/<scene>.mp4."""
    if all_scenes:
        scenes = tuple(e.id for e in SCENES_IN_ORDER)
    if not scenes:
        raise UserError(f"name a scene or pass --all; scenes: {', '.join(e.id for e in SCENES_IN_ORDER)}")
    entries = [_find_scene(s, flow, settings) for s in scenes]
    _render_with_progress(entries, QUALITIES[quality], settings, jobs, force, executor)


@cli.command()
@click.argument("scene")
@click.option("--at", "at", default=None, metavar="SECONDS|step:N", callback=lambda ctx, param, v: _check_at(v),
              help="seconds into the scene, or step:N for the end of its N-th stage (the N-th narrated "
                   "beat, from 1); default: the last frame")
@quality_option
@flow_option
@_voice_options
def still(settings: Settings, scene, at, quality, flow):
    """A PNG of one moment of a scene (renders the scene first if needed). PNG only: the points
    are splatted as pixels, so there is no vector form of a frame to give."""
    entry = _find_scene(scene, flow, settings)
    q = QUALITIES[quality]
    (video,) = _render_with_progress([entry], q, settings, 1, False)
    info = video_info(video)
    moment, name = _still_moment(at, entry, q, info, settings)
    target = settings.renders / q.name / "stills" / f"{entry.id}_{name}.png"
    extract_frame(video, moment, target)
    console.print(str(target))


def _check_at(at: str | None) -> str | None:
    """Reject a malformed --at before anything renders (a usage error, exit 2)."""
    if at is None or (at.startswith("step:") and at[len("step:"):].isdigit()):
        return at
    try:
        float(at)
    except ValueError:
        raise click.BadParameter(f"{at!r} is neither seconds nor step:N; use e.g. --at 4.5 or --at step:2") from None
    return at


def _still_moment(at: str | None, entry, quality, info, settings: Settings) -> tuple[float, str]:
    """(seconds into the scene, a name for the file) for --at."""
    half_frame = 0.5 / info.fps
    if at is None:
        return info.duration - half_frame, "end"
    if at.startswith("step:"):  # digits after it: _check_at made sure
        ends = stage_end_times(entry, quality, settings)
        n = int(at[len("step:"):])
        if not 1 <= n <= len(ends):
            raise UserError(f"--at {at}: {entry.id} has {len(ends)} stages; use step:1 to step:{len(ends)}")
        return max(0.0, ends[n - 1] - half_frame), f"step{n}"  # the stage's last frame
    seconds = float(at)  # _check_at made sure it parses
    return seconds, f"{seconds:.2f}s"


@cli.command()
@quality_option
@click.option("--jobs", "-j", type=click.IntRange(1, 16), default=2, show_default=True)
@click.option("--force", is_flag=True)
@_executor_options
@_voice_options
def video(settings: Settings, quality, jobs, force, executor):
    """The main video: every scene in story order, joined, plus chapter timestamps."""
    from .render.video import make_video

    q = QUALITIES[quality]
    with scene_progress(console, len(SCENES_IN_ORDER)) as (done, progress):
        path, chapters = make_video(q, settings, jobs=jobs, force=force, on_done=done, on_progress=progress,
                                    executor=executor)
    info = video_info(path)
    console.print(f"{path} ({info.width}x{info.height}, {info.fps:g} fps, {info.duration:.1f} s)")
    console.print(f"chapters: {chapters}")
    console.print(f"subtitles: {path.with_suffix('.srt')}, {path.with_suffix('.vtt')}")


@cli.command()
@quality_option
@click.option("--jobs", "-j", type=click.IntRange(1, 16), default=2, show_default=True)
@click.option("--force", is_flag=True, help="render every scene again")
@click.option("--no-render", is_flag=True, help="publish from the renders there are; render nothing")
@click.option("--thumbnail", "thumbnail_scene", default=None, metavar="SCENE",
              help="scene the thumbnail frame comes from (default: spirals)")
@click.option("--thumbnail-at", type=float, default=None, metavar="SECONDS",
              help="seconds into that scene (default: a third of the way in)")
@click.option("--captions-on", is_flag=True, help="the course page shows captions from the start")
@click.option("--slides/--no-slides", "with_slides", default=True, show_default=True,
              help="talk slides of every chapter in publish/slides/ (a second, silent render of each chapter)")
@_executor_options
@_voice_options
def publish(settings: Settings, quality, jobs, force, no_render, thumbnail_scene, thumbnail_at, captions_on, with_slides,
            executor):
    """YouTube package, offline course page and talk slides in renders/<quality>/publish/
    (renders what changed)."""
    from .publish import publish as do_publish

    q = QUALITIES[quality]
    if no_render:
        result = do_publish(q, settings, render=False, thumbnail_scene=thumbnail_scene, thumbnail_at=thumbnail_at,
                            captions_on=captions_on, slides=with_slides)
    else:
        with scene_progress(console, len(SCENES_IN_ORDER) * (2 if with_slides else 1)) as (done, progress):
            result = do_publish(q, settings, jobs=jobs, force=force, thumbnail_scene=thumbnail_scene,
                                thumbnail_at=thumbnail_at, captions_on=captions_on, on_done=done,
                                on_progress=progress, slides=with_slides, on_slides_done=done, executor=executor)
    for name in result.written:
        note = result.notes.get(name)
        console.print(f"wrote {name}" + (f" ({note})" if note else ""))
    if result.kept:
        console.print(f"unchanged, kept: {len(result.kept)} file(s)")
    console.print(f"{len(result.youtube_chapters)} chapters; page: {result.folder / 'index.html'}")


@cli.command()
@click.argument("scenes", nargs=-1)
@click.option("--raw", is_flag=True, help="the scripts as written, {placeholders} unfilled (no dry run)")
@click.option("--recordings", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="where your recordings go (default: recordings/)")
@flow_option
@click.pass_obj
def script(settings: Settings, scenes, raw, recordings, flow):
    """The narration as a teleprompter script: each cue id with the words to say (numbers
    filled from the models by a quick dry run of the scene) and the file its recording goes to,
    <recordings>/<scene-id>/<cue-id>.wav (see --recordings)."""
    from .narration.scene_speech import scene_script, spoken_cues

    folder = (recordings or settings.recordings).resolve()

    entries = [_find_scene(s, flow, settings) for s in scenes] if scenes else list(SCENES_IN_ORDER)
    for entry in entries:
        path = scene_script(entry)
        if path is None:
            continue
        cues = spoken_cues(entry, raw=raw)
        click.echo(f"# {entry.id}: {entry.chapter}  ({len(cues)} cues; script {path.name}; "
                   f"recordings in {folder / entry.id}/)")
        for cue_id, text in cues:
            click.echo(f"\n[{cue_id}]  -> {cue_id}.wav\n{text}")
        click.echo("")


@cli.command()
@click.argument("chapters", nargs=-1)
@click.option("--all", "all_chapters", is_flag=True, help="every chapter, in story order")
@quality_option
@click.option("--format", "fmt", type=click.Choice(["html", "pptx", "both"]), default="both", show_default=True)
@click.option("--name", default=None, help="deck file name (default: the chapter ids joined by '_')")
@click.option("--jobs", "-j", type=click.IntRange(1, 16), default=2, show_default=True, help="chapters rendered at once")
@click.option("--force", is_flag=True, help="render the chapters' slides even if nothing changed")
@flow_option
@_executor_options
@click.pass_obj
def slides(settings: Settings, chapters, all_chapters, quality, fmt, name, jobs, force, flow, executor):
    """Talk slides of the chosen chapters, in the order given: one deck that pauses at every
    beat, silent, as renders/<quality>/slides/<name>.html (reveal.js, works offline) and .pptx."""
    from .slides.deck import make_deck, slide_count

    if all_chapters:
        chapters, name = tuple(e.id for e in SCENES_IN_ORDER), name or "all-chapters"
    if not chapters:
        raise UserError(f"name a chapter or pass --all; chapters: {', '.join(e.id for e in SCENES_IN_ORDER)}")
    entries = [_find_scene(c, flow, settings) for c in chapters]
    q = QUALITIES[quality]
    formats = ("html", "pptx") if fmt == "both" else (fmt,)
    with scene_progress(console, len({e.id for e in entries})) as (done, _):
        written = make_deck(entries, q, settings, formats=formats, name=name, jobs=jobs, force=force, on_done=done,
                            executor=executor)
    counts = {e.id: slide_count(e, q, settings) for e in entries}
    console.print(f"{sum(counts[e.id] for e in entries)} slides: "
                  + ", ".join(f"{e.id} {counts[e.id]}" for e in entries))
    for path in written:
        console.print(str(path))


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="hidden-layers", standalone_mode=False)
    except click.exceptions.Abort:
        print("error: interrupted; outputs from before were left as they were", file=sys.stderr)
        sys.exit(130)
    except click.UsageError as exc:
        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        print(f"error: {exc.format_message()}{where}", file=sys.stderr)
        sys.exit(2)
    except (UserError, FlowError, ExportError, UnknownScene, FlowDoesNotFit, RenderError, SpeechError, ScriptError, AudioError,
            PublishError) as exc:
        message = exc.args[0] if isinstance(exc, (UnknownScene, FlowDoesNotFit)) else str(exc)
        print(f"error: {message}", file=sys.stderr)
        sys.exit(1)
