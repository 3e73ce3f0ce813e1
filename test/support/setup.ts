import { quietSdkNodeNotice } from "../../cli/quiet-sdk-notice";

quietSdkNodeNotice();
