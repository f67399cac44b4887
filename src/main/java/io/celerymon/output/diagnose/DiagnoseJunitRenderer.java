package io.celerymon.output.diagnose;

import io.celerymon.diagnose.CheckOutcome;
import io.celerymon.diagnose.DiagnoseReport;
import io.celerymon.findings.Finding;
import io.celerymon.findings.Severity;
import io.celerymon.secrets.SecretText;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code diagnose --junit FILE}: JUnit XML as CI servers read it, one test case per check; a check
 * with findings at or above the fail level is a failure listing them, so is a check that could
 * not decide (failed, timed out, skipped for want of a broker, not checked); a check the user
 * turned off is skipped; every finding is in the test case's system-out.
 */
public final class DiagnoseJunitRenderer {

    public String render(DiagnoseReport report) {
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            long failures = report.checks().stream().filter(c -> failing(c, report).size() > 0).count();
            long skipped = report.notRequested().size();
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "celerymon diagnose");
            xml.writeAttribute("tests", Integer.toString(report.checks().size()));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("time", seconds(report.elapsedMs()));
            xml.writeCharacters("\n  ");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", "celerymon diagnose " + report.broker());
            xml.writeAttribute("tests", Integer.toString(report.checks().size()));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", Long.toString(skipped));
            xml.writeAttribute("time", seconds(report.elapsedMs()));
            xml.writeAttribute("timestamp", Instant.ofEpochMilli(Math.round(report.startedEpoch() * 1000)).toString());
            for (CheckOutcome check : report.checks()) {
                testcase(xml, check, report);
            }
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            // Writing to a StringWriter cannot fail; reaching this is a bug.
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private static void testcase(XMLStreamWriter xml, CheckOutcome check, DiagnoseReport report) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "celerymon.diagnose");
        xml.writeAttribute("name", xmlSafe(check.check()));
        xml.writeAttribute("time", seconds(check.elapsedMs()));
        List<Finding> failing = failing(check, report);
        if (!check.requested()) {
            xml.writeEmptyElement("skipped");
            xml.writeAttribute("message", xmlSafe("not requested: " + check.reason()));
        } else if (!check.decided()) {
            xml.writeStartElement("failure");
            xml.writeAttribute("type", "not_decided");
            xml.writeAttribute("message", xmlSafe(SecretText.mask("could not decide: " + check.reason())));
            xml.writeCharacters(xmlSafe(check.findings().stream().map(DiagnoseJunitRenderer::line)
                    .collect(Collectors.joining("\n"))));
            xml.writeEndElement();
        } else if (!failing.isEmpty()) {
            xml.writeStartElement("failure");
            xml.writeAttribute("type", failing.get(0).severity().label());
            xml.writeAttribute("message", xmlSafe(failing.get(0).summary()));
            xml.writeCharacters(xmlSafe(failing.stream().map(DiagnoseJunitRenderer::line).collect(Collectors.joining("\n"))));
            xml.writeEndElement();
        }
        if (!check.findings().isEmpty()) {
            xml.writeStartElement("system-out");
            xml.writeCharacters(xmlSafe(check.findings().stream().map(DiagnoseJunitRenderer::line)
                    .collect(Collectors.joining("\n"))));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static List<Finding> failing(CheckOutcome check, DiagnoseReport report) {
        if (!check.requested()) {
            return List.of();
        }
        if (!check.decided()) {
            // A check that could not decide fails whatever the level; its findings, if any, say why.
            return check.findings().isEmpty() ? List.of(new Finding("check_" + check.status().label(),
                    Severity.CRITICAL, check.check(), String.valueOf(check.reason()),
                    Map.of(), "")) : check.findings();
        }
        return check.findings().stream().filter(f -> f.fails(report.failOn())).toList();
    }

    /** Masked as the JSON's findings are: evidence can quote what a worker or a URL said. */
    private static String line(Finding f) {
        return SecretText.mask(f.severity().label() + " " + f.id() + " " + f.subject() + ": " + f.summary()
                + (f.evidence().isEmpty() ? "" : " " + f.evidence())
                + (f.remedy().isEmpty() ? "" : " Remedy: " + f.remedy()));
    }

    /** XML 1.0 cannot carry most control characters at all, escaped or not: they are replaced. */
    static String xmlSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF
                    || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
            out.appendCodePoint(allowed ? c : 0xFFFD);
        });
        return out.toString();
    }

    private static String seconds(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000);
    }
}
