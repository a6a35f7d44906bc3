package dev.pipeline.ingress.account;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Resolves every handler parameter of type {@link Caller} to the authenticated caller, or
 * refuses the request with 401 (see {@link Caller#of}). It is the second line behind
 * {@link AuthenticationFilter}: should a path ever reach a handler without passing the
 * filter, the handler still does not run without a principal.
 */
@Component
class CallerArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

	static {
		// The caller comes from the credential, not from the request's parameters: the
		// OpenAPI document shows the credential as a security requirement instead.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Caller.class;
	}

	@Override
	public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
		return Caller.of(webRequest.getNativeRequest(HttpServletRequest.class));
	}

}
