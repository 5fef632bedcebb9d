// GOV.UK Frontend's components (error summary focus, buttons, details), from the vendored build.
import { initAll } from "./govuk-frontend/govuk-frontend.min.js";

initAll();
