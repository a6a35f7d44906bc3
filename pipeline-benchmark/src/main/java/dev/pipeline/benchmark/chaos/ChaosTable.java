package dev.pipeline.benchmark.chaos;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.pipeline.benchmark.report.Machine;

/** The harness's results as a console table and as CSV, one line per fault. */
final class ChaosTable {

	static final String CSV_HEADER = "fault,name,accepted,answered,lost,answered_twice,pending,server_errors,"
			+ "documented_503,connections_lost,unacknowledged_results,charged_units,accepted_units,window_count,"
			+ "distinct_results,seconds_to_recover,lag_peak,error";

	private ChaosTable() {
	}

	static String header(String commit, Machine machine) {
		return String.format(Locale.ROOT,
				"Commit %s | %d cores (%s), %d MiB | %s%nLoad average at start %s, at end %s%n", commit,
				machine.cores(), machine.cpu(), machine.memoryMiB(), machine.jdk(), machine.loadAverage(),
				Machine.currentLoadAverage());
	}

	static String render(List<FaultReport> reports) {
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT, "%n%-3s %-40s %8s %8s %5s %6s %7s %5s %5s %5s %13s %13s %8s %6s%n", "#",
				"fault", "accepted", "answered", "lost", "twice", "pending", "5xx", "503*", "conn", "charged/units",
				"windows/dist", "recover", "lag"));
		for (FaultReport report : reports) {
			Reconciliation.Outcome o = report.outcome();
			if (o == null) {
				out.append(String.format(Locale.ROOT, "%-3d %-40s %s%n", report.number(), report.name(),
						"NOT RECONCILED: " + report.error()));
				continue;
			}
			out.append(String.format(Locale.ROOT, "%-3d %-40s %8d %8d %5d %6d %7d %5d %5d %5d %13s %13s %8s %6d%n",
					report.number(), report.name(), o.accepted(), o.answered(), o.lost().size(), o.twice().size(),
					o.pending().size(), report.serverErrors(), report.documented503s(), report.lostConnections().size(),
					o.chargedUnits() + "/" + o.acceptedUnits(), o.windowCount() + "/" + o.distinctResults(),
					(report.secondsToRecover() != null) ? report.secondsToRecover() + " s" : "-", report.lagPeak()));
			if (!report.refusals().isEmpty()) {
				out.append("      seen instead of an acceptance: ").append(report.refusals()).append('\n');
			}
			if (!o.unacknowledged().isEmpty()) {
				out.append("      results of requests never acknowledged to the load: ")
					.append(o.unacknowledged().size())
					.append('\n');
			}
			appendIds(out, "lost", o.lost());
			appendIds(out, "answered twice", o.twice());
			appendIds(out, "pending", o.pending());
			appendIds(out, "on the topic, not readable", o.unreadable());
			report.findings()
				.forEach((name, value) -> out.append("      ").append(name).append(": ").append(value).append('\n'));
			if (report.error() != null) {
				out.append("      error: ").append(report.error()).append('\n');
			}
		}
		return out.toString();
	}

	private static void appendIds(StringBuilder out, String what, List<String> ids) {
		if (!ids.isEmpty()) {
			out.append("      ").append(what).append(" (first 5 of ").append(ids.size()).append("): ");
			out.append(String.join("; ", ids.subList(0, Math.min(5, ids.size())))).append('\n');
		}
	}

	static String csv(List<FaultReport> reports) {
		return CSV_HEADER + "\n" + reports.stream().map(ChaosTable::row).collect(Collectors.joining("\n")) + "\n";
	}

	private static String row(FaultReport r) {
		Reconciliation.Outcome o = r.outcome();
		String error = (r.error() != null) ? '"' + r.error().replace('"', '\'') + '"' : "";
		if (o == null) {
			return r.number() + "," + r.name() + ",,,,,,,,,,,,,,,," + error;
		}
		return String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%s,%d,%s", r.number(), r.name(),
				o.accepted(), o.answered(), o.lost().size(), o.twice().size(), o.pending().size(), r.serverErrors(),
				r.documented503s(), r.lostConnections().size(), o.unacknowledged().size(), o.chargedUnits(),
				o.acceptedUnits(), o.windowCount(), o.distinctResults(),
				(r.secondsToRecover() != null) ? r.secondsToRecover().toString() : "", r.lagPeak(), error);
	}

}
