"""moto_server with its SigV4 check fixed for GET requests whose query carries reserved characters.

Under IAM enforcement (INITIAL_NO_AUTH_ACTION_COUNT) moto 5.2.1 recomputes each request's
signature itself, and gets two things wrong for a GET with a query string:
- it takes the URL as its web framework hands it over, percent-escapes such as %3A and %2F
  already decoded, while SigV4 canonicalises every query name and value URI-encoded (RFC 3986
  unreserved characters left as they are);
- it hashes the parsed query parameters as if they were the body, while a GET's payload hash
  is that of the empty body.
https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (canonical query
string, hashed payload). So any GET whose query holds an ARN is refused with
SignatureDoesNotMatch to every caller, the admin holding Action "*" included: CloudFront
ListTagsForResource (GET /2020-05-31/tagging?Resource=arn:...). AWS accepts those requests.
This launcher corrects both before moto computes the signature and changes nothing else; the
permission check that follows is moto's own. Started by test/helpers/moto.ts only when
enforcement is on. Reproduced with boto3 as well, so the fault is not this tool's signing.
"""
import sys
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from moto.iam import access_control
from moto.server import main

_create = access_control.IAMRequestBase._create_aws_request


def _encode(part: str) -> str:
    return quote(unquote(part), safe="-_.~")


def _create_aws_request(self):  # type: ignore[no-untyped-def]
    request = _create(self)
    if self._method in ("GET", "HEAD", "DELETE") and not self._body:
        request.data = None
    parts = urlsplit(request.url)
    if parts.query:
        pairs = [p.partition("=") for p in parts.query.split("&")]
        query = "&".join(f"{_encode(k)}{sep}{_encode(v)}" for k, sep, v in pairs)
        request.url = urlunsplit(parts._replace(query=query))
    return request


access_control.IAMRequestBase._create_aws_request = _create_aws_request

if __name__ == "__main__":
    main(sys.argv[1:])
