package dev.sharedsession.web.shared;

import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Bad input gets a 4xx (an order over the credit limit a 409) and one line of text that says what was wrong, on both applications. */
@RestControllerAdvice
public class BadRequests {

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<String> notFound(NoSuchElementException e) {
        return line(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(CreditLimitExceededException.class)
    ResponseEntity<String> refused(CreditLimitExceededException e) {
        return line(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<String> invalid(IllegalArgumentException e) {
        return line(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<String> notANumber(MethodArgumentTypeMismatchException e) {
        return line(HttpStatus.BAD_REQUEST, e.getName() + " must be a number, not '" + e.getValue() + "'");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<String> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return line(HttpStatus.BAD_REQUEST, invalid.getMessage());
        }
        return line(HttpStatus.BAD_REQUEST,
                "the body must be JSON like {\"customerId\": 1, \"amountCents\": 2500}");
    }

    private static ResponseEntity<String> line(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(message.replace('\n', ' ') + "\n");
    }
}
