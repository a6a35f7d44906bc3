package dev.pipeline.ingress.system;

import java.io.IOException;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Boot's error page ({@code /error}) as problem+json, in place of its JSON-or-HTML
 * {@code BasicErrorController}: Tomcat forwards here what the application did not answer
 * itself (an exception thrown by a filter, a {@code sendError} without a body), whatever
 * the client accepts. Asked for directly, it answers 404.
 */
@RestController
@Hidden
class ErrorPageController implements ErrorController {

	private final ProblemWriter problems;

	ErrorPageController(ProblemWriter problems) {
		this.problems = problems;
	}

	@RequestMapping("${server.error.path:/error}")
	void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
		int status = (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) ? code : 404;
		String path = (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) ? uri
				: request.getRequestURI();
		response.resetBuffer();
		this.problems.write(path, response, ContainerProblems.of(status));
	}

}
