import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { MemoryStateStore } from "../../shared/actions";
import type { Readers } from "../../shared/engine";
import { assembleServices, type Services } from "../../shared/services";
import type { Settings } from "../../shared/settings";

/** Services with no channels, an in-memory state table and silent logs: for sweeps at scale. */
export function quietServices(readers: Readers, settings: Settings, now: Date): Services {
  return assembleServices({
    region: "eu-west-1",
    settings,
    readers,
    store: new MemoryStateStore(),
    notifiers: [],
    ticketers: [],
    logger: new Logger({ serviceName: "keysentry", logLevel: "SILENT" }),
    metrics: new Metrics({ namespace: "keysentry", serviceName: "keysentry" }),
    now: () => now,
  });
}
