"""``verinet transform small-weights FILE --domain boolean [--out-bits C] -o OUT [--cert CERT]``.

Reads a ReLU network file, runs :func:`verinet.transforms.small_weights_certificate.certify_small_weights`
and writes the transformed network (``-o``) and its certificate (``--cert``).  Only the Boolean
domain is built; ``--domain grid`` and ``--domain unit-cube`` (Lemma 21's binariser in front) are
refused with a message saying so.
"""

from ..errors import InvalidArgument
from .argv import integer
from .output import STDOUT, write_output
from .instance import certificate_result

__all__ = ["add_parser", "run"]

DOMAINS = ("boolean", "grid", "unit-cube")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "transform", help="transform a network and certify the result",
        description="verinet transform small-weights FILE --domain boolean [--out-bits C] -o OUT [--cert CERT]: "
                    "a depth-k ReLU network on {0,1}^n becomes one of depth <= 3k+3 with small hidden weights "
                    "and the same outputs on {0,1}^n, checked exactly (docs/small-weights.md).")
    p.add_argument("transform", choices=["small-weights"], help="the transform")
    p.add_argument("file", help="the input network file")
    p.add_argument("--domain", choices=DOMAINS, required=True, help="the input domain (only boolean is built)")
    p.add_argument("--bits", type=integer, default=None, help="bits per coordinate (grid and unit-cube domains)")
    p.add_argument("--out-bits", type=integer, default=None, metavar="C",
                   help="two's-complement bits of the output (default: the fewest that hold its exact range)")
    p.add_argument("-o", "--output", required=True, help="the transformed network file to write")
    p.add_argument("--cert", default=None, help="write the certificate JSON here")
    p.add_argument("--max-inputs", type=integer, default=64, metavar="N", help="largest input dimension (64)")
    p.add_argument("--max-gates", type=integer, default=200_000, metavar="N", help="largest threshold circuit (200000)")
    p.add_argument("--max-parameters", type=integer, default=4_000_000, metavar="N",
                   help="largest dense parameter count of the result (4000000)")
    p.add_argument("--samples", type=integer, default=256, metavar="N",
                   help="random Boolean points checked when n > 16 (256)")
    p.set_defaults(func=run)


def run(args) -> dict:
    from ..io import dumps, load
    from ..transforms.small_weights_certificate import certify_small_weights

    if args.domain != "boolean":
        if args.bits is None:
            raise InvalidArgument(f"--domain {args.domain} needs --bits c (bits per coordinate)")
        raise InvalidArgument(f"--domain {args.domain} is not built yet (Lemma 21's binariser); "
                              "use --domain boolean")
    if args.bits is not None:
        raise InvalidArgument("--bits applies to --domain grid or unit-cube, not boolean")
    net = load(args.file, args.max_file_bytes)
    result, cert = certify_small_weights(net, out_bits=args.out_bits, samples=args.samples,
                                         max_inputs=args.max_inputs, max_gates=args.max_gates,
                                         max_parameters=args.max_parameters)
    if args.output == STDOUT and args.cert == STDOUT:
        raise InvalidArgument("-o - and --cert - would both write to stdout; give one of them a file name")
    write_output(args.output, dumps(result.network))
    out = certificate_result(cert, args.cert)
    out["written"] = args.output
    return out
