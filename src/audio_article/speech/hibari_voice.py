"""Loading a hibari voice fast: its model, with the phonemes' durations as a second kind
of output, and its G2P.

A re-render voices a sentence or two, so a worker's start is most of its cost. Done the
plain way it took 1.4 s of CPU (2.2 s on the shared two-core machine): importing the
``onnx`` package to add the output to the model (its ``ml_dtypes`` extension alone takes
half a second to load), a second onnxruntime session beside the one hibari makes and
this adapter never used, each optimizing the graph afresh, and reading all of G2P's
dictionaries (gzipped JSON). Now both are derived once and kept in the user's cache
(speech/derived.py): the model with the output added, as onnxruntime's optimizations
leave it, which hibari then loads as its one session; and the dictionaries in small
marshalled shards read as they are used (speech/lazymap.py). A worker then loads the
voice in about 0.35 s of CPU, most of it importing scipy.fft and onnxruntime. The files
are keyed by hibari's version and its files' contents (and, for the optimized model,
onnxruntime's version and the processor); the audio is the same, sample for sample, as
hibari's own (tests/test_engines.py). When the cache cannot be written, the voice loads
the plain way.
"""

from __future__ import annotations

import marshal
from pathlib import Path

from .derived import derived_bytes, derived_file, key_of
from .lazymap import pack, unpack

# Changes when what is derived, or how, changes (a new key, so old files are not used).
RECIPE = "1"


def load_voice(module, voice: str):
    """``module`` (hibari)'s voice, and the session whose last output is the phonemes'
    durations (None: no word timings can be had)."""
    from hibari.voices import VOICES, voice_path

    g2p = preloaded_g2p(module.__version__, VOICES[voice]["british"])
    model = voice_path(voice)
    made: list[bytes | None] = []

    def make() -> bytes | None:
        made.append(duration_model(model))
        return _optimized(made[0])

    key = _key(module.__version__, "timed", [Path(model)], _runtime())
    timed = derived_file(f"hibari-timed-{key}.onnx", make)
    if timed is not None:
        tts = module.Hibari(voice=voice, model=str(timed), threads=1, g2p=g2p)
        return tts, tts.sess
    tts = module.Hibari(voice=voice, threads=1, g2p=g2p)
    return tts, _session(made[0] if made else duration_model(model))


def _key(version: str, what: str, files: list[Path], *more: str) -> str:
    return key_of(("hibari", version, RECIPE, what, *more), files)


def _runtime() -> str:
    """What an optimized model depends on besides the model: onnxruntime's version and
    the processor (its optimizations may choose kernels by the instructions it has)."""
    import platform

    import onnxruntime

    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            flags = next((line for line in info if line.startswith("flags")), "")
    except OSError:
        flags = platform.processor()
    return f"onnxruntime {onnxruntime.__version__} {platform.machine()} {flags.strip()}"


def duration_model(model_path: str) -> bytes | None:
    """``model_path`` with the duration of each phoneme id (in units of the frames'
    upsampling) as its last output: the input of its one CumSum, the running sum of the
    rounded durations. None without the onnx package or when the model is not shaped as
    expected."""
    try:
        import onnx
    except ImportError:
        return None
    model = onnx.load(model_path)
    sums = [node for node in model.graph.node if node.op_type == "CumSum"]
    if len(sums) != 1:
        return None
    model.graph.output.append(onnx.helper.make_tensor_value_info(
        sums[0].input[0], onnx.TensorProto.INT64, None))
    return model.SerializeToString()


def _optimized(model: bytes | None) -> bytes | None:
    """``model`` as onnxruntime's graph optimizations leave it, with hibari's session
    options. A session of it optimizes nothing more, so it loads in a third of the
    time, and it runs the same graph: the same audio."""
    if model is None:
        return None
    import tempfile

    import onnxruntime as ort

    with tempfile.TemporaryDirectory() as folder:
        options = _options(ort)
        options.optimized_model_filepath = str(Path(folder) / "optimized.onnx")
        ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        return Path(options.optimized_model_filepath).read_bytes()


def _options(ort):
    """hibari's session options (``Hibari(threads=1)``)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return options


def _session(model: bytes | None):
    """A session of ``model`` (None: none)."""
    if model is None:
        return None
    import onnxruntime as ort

    return ort.InferenceSession(model, _options(ort), providers=["CPUExecutionProvider"])


def preloaded_g2p(version: str, british: bool):
    """hibari's G2P, its dictionaries read from the user's cache as they are used (made
    there from hibari's JSON the first time). G2P reads its files through
    ``hibari.g2p._load_json``, which answers from the cache while the G2P is made; a
    hibari without that function, or asking for files not kept, reads its own."""
    from hibari import g2p as module

    load = getattr(module, "_load_json", None)
    if load is None:
        return module.G2P(british=british)
    made = []

    def make() -> bytes:
        made.append(_recording(module, load, british))
        return made[0][1]

    sources = sorted(Path(module.ASSETS).glob("*.json*"))
    accent = "gb" if british else "us"
    data = derived_bytes(f"hibari-g2p-{accent}-{_key(version, 'g2p', sources)}.marshal",
                         make)
    if made:
        return made[0][0]
    assets = _assets(data)
    return _made_with(module, load, british,
                      lambda name: assets[name] if name in assets else load(name))


def _recording(module, load, british: bool):
    """A G2P made the plain way, and what it read: each file packed as it is read
    (before the G2P could change what it holds), kept when it unpacks equal."""
    read: dict[str, bytes] = {}

    def recorded(name: str):
        value = load(name)
        packed = marshal.dumps(pack(value))
        if unpack(marshal.loads(packed)) == value:
            read[name] = packed
        return value

    return _made_with(module, load, british, recorded), marshal.dumps(read)


def _assets(data: bytes) -> dict:
    """The files kept by ``_recording`` (the file was checked on reading:
    speech/derived.py); none from anything else."""
    try:
        return {name: unpack(marshal.loads(packed))
                for name, packed in marshal.loads(data).items()
                if isinstance(name, str) and isinstance(packed, bytes)}
    except (ValueError, EOFError, TypeError, AttributeError):
        return {}


def _made_with(module, load, british: bool, reader):
    """A G2P that reads its files with ``reader`` (``load`` is put back after)."""
    module._load_json = reader
    try:
        return module.G2P(british=british)
    finally:
        module._load_json = load
