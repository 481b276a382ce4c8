package org.chorus.server.git;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import org.chorus.core.PathText;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.UnpackException;
import org.eclipse.jgit.http.server.GitSmartHttpTools;
import org.eclipse.jgit.http.server.ReceivePackErrorHandler;
import org.eclipse.jgit.http.server.UploadPackErrorHandler;
import org.eclipse.jgit.transport.PacketLineIn;
import org.eclipse.jgit.transport.ServiceMayNotContinueException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed fetch or push answers and logs. JGit's default handlers log every failure as an internal error with
 * its stack trace and answer 500 — also a body that is not git's protocol at all (anyone who can read a public
 * repository can send one) and a {@code want} of an object the repository does not have. Those are the client's
 * mistakes: they answer git's own error line (to git, in a 200 that it shows; to any other client, a 400), or, once
 * the answer has begun, end with the protocol's error JGit wrote, and log one line. Anything else is still a 500
 * with its stack trace.
 */
final class GitErrors implements UploadPackErrorHandler, ReceivePackErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(GitErrors.class);

    private interface Service {
        void run() throws IOException;
    }

    @Override
    public void upload(HttpServletRequest req, HttpServletResponse rsp, UploadPackRunnable r) throws IOException {
        handle(req, rsp, "upload-pack", r::upload);
    }

    @Override
    public void receive(HttpServletRequest req, HttpServletResponse rsp, ReceivePackRunnable r) throws IOException {
        handle(req, rsp, "receive-pack", r::receive);
    }

    private static void handle(HttpServletRequest req, HttpServletResponse rsp, String service, Service run) throws IOException {
        try {
            run.run();
        } catch (ServiceMayNotContinueException e) {
            answer(req, rsp, e.isOutput(), e.getStatusCode(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (!byClient(e)) {
                throw e;
            }
            // an unpack error's own message is only "Exception while parsing pack stream": the cause says what was wrong
            Throwable why = e instanceof UnpackException && e.getCause() != null ? e.getCause() : e;
            String message = "git " + service + " request refused: " + PathText.printable(String.valueOf(why.getMessage()));
            LOG.info("{} {}: {}", req.getMethod(), req.getRequestURI(), message);
            // git shows the message of an error only in a 200 answer (as "remote: error: …"); of a 400 it says "RPC
            // failed". Anything else gets the 400.
            answer(req, rsp, false, GitSmartHttpTools.isGitClient(req) ? HttpServletResponse.SC_OK : HttpServletResponse.SC_BAD_REQUEST, message);
        }
    }

    /**
     * Whether the failure is the request's: git's protocol errors (bad or unknown wants, a corrupt or truncated pack)
     * or a body whose packet lines do not parse, which JGit reports as a plain IOException thrown by {@link PacketLineIn}.
     */
    private static boolean byClient(Exception e) {
        if (e instanceof PackProtocolException || e instanceof CorruptObjectException || e instanceof UnpackException
                || e instanceof EOFException) {
            return true;
        }
        StackTraceElement[] at = e.getStackTrace();
        return at.length > 0 && at[0].getClassName().equals(PacketLineIn.class.getName());
    }

    private static void answer(HttpServletRequest req, HttpServletResponse rsp, boolean output, int status, String message)
            throws IOException {
        if (!output && !rsp.isCommitted()) {
            rsp.reset();
            GitSmartHttpTools.sendError(req, rsp, status, message);
        }
    }
}
