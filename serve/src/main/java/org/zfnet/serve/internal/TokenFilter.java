package org.zfnet.serve.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The access token of a server that listens beyond loopback (as Jupyter's): every request shows it, as {@code ?token=}
 * (the address the command printed; the answer then sets it as a cookie), the cookie {@value #COOKIE}, or the header
 * {@value #HEADER}; any other request is a 403 with one line. A server on 127.0.0.1 has no token and lets all through.
 */
@Component(service = Filter.class, property = "osgi.http.whiteboard.filter.pattern=/*")
public class TokenFilter implements Filter {

    static final String COOKIE = "zfnet-token";
    static final String HEADER = "X-Zfnet-Token";

    private final ServedNetwork served;

    @Activate
    public TokenFilter(@Reference ServedNetwork served) {
        this.served = served;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String token = served.token();
        HttpServletRequest req = (HttpServletRequest) request;
        HttpServletResponse resp = (HttpServletResponse) response;
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String query = req.getParameter("token");
        if (matches(token, query)) {
            resp.addHeader("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
            chain.doFilter(request, response);
            return;
        }
        if (matches(token, req.getHeader(HEADER)) || matches(token, cookie(req))) {
            chain.doFilter(request, response);
            return;
        }
        ApiServlet.fail(resp, HttpError.FORBIDDEN, query != null || req.getHeader(HEADER) != null
                ? "wrong access token; open the address zfnet serve printed, with its ?token="
                : "this server needs its access token; open the address zfnet serve printed, with its ?token=");
    }

    private static String cookie(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** Compared in constant time, so that the answer's timing tells nothing about the token. */
    private static boolean matches(String token, String given) {
        return given != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
