import {
  to = klarna_api_key.backend
  id = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
}

import {
  to = klarna_api_key.partner
  id = "krn:partner:global:account:live:LYABCDEI/4241cf96-4312-4108-8a70-4c819e10609e"
}
