package dev.sharedsession.web;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The tests' hooks into either application (never in the applications themselves):
 * <ul>
 * <li>{@link Checkpoints} as Hibernate's {@code hibernate.session_factory.statement_inspector};</li>
 * <li>{@link HeldExecutor} as the {@code @Async} executor's task decorator;</li>
 * <li>{@value #RESPONSE_WRITTEN}: an interceptor's {@code postHandle}, which for a
 *     {@code @ResponseBody} runs once the body is written and before open-in-view closes the
 *     request's EntityManager (in {@code afterCompletion});</li>
 * <li>{@value #REQUEST_ENDED}: a servlet filter, after the whole request, EntityManager closed.</li>
 * </ul>
 */
@TestConfiguration(proxyBeanMethods = false)
public class WebHooks {

    public static final String RESPONSE_WRITTEN = "response written";
    public static final String REQUEST_ENDED = "request ended";

    @Bean
    Checkpoints checkpoints() {
        return new Checkpoints();
    }

    @Bean
    HeldExecutor heldExecutor() {
        return new HeldExecutor();
    }

    @Bean
    HibernatePropertiesCustomizer checkpointsInHibernate(Checkpoints checkpoints) {
        return properties -> properties.put("hibernate.session_factory.statement_inspector", checkpoints);
    }

    @Bean
    WebMvcConfigurer responseWrittenHook(Checkpoints checkpoints) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                                           ModelAndView modelAndView) {
                        checkpoints.passing(RESPONSE_WRITTEN);
                    }
                });
            }
        };
    }

    @Bean
    Filter requestEndedHook(Checkpoints checkpoints) {
        return (request, response, chain) -> {
            checkpoints.requestStarted();
            try {
                chain.doFilter(request, response);
            } finally {
                try {
                    checkpoints.passing(REQUEST_ENDED);
                } finally {
                    checkpoints.requestEnded();
                }
            }
        };
    }
}
