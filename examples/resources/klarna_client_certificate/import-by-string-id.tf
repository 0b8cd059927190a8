import {
  to = klarna_client_certificate.api
  id = "5fc0da21-bc57-40c2-960b-d0d8c977da3f"
}
