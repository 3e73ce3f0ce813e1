import { quietSdkNodeNotice } from "../../cli/bin/quiet-sdk-notice.js";

quietSdkNodeNotice();
